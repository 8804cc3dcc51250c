using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.EventHubs.Local;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>Events outlive the endpoint: same sequence numbers and offsets after a restart, torn tails cut off.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Events_survive_a_restart_with_the_same_sequence_numbers_offsets_and_times()
    {
        await using var local = await LocalEndpoint.StartAsync();
        var before = await SendAndReadAsync(local, 0, 25);

        await local.RestartAsync();

        await using (var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString))
        {
            var after = await ProducerConsumerTests.ReadAsync(consumer, "0", EventPosition.Earliest, 25);
            Assert.Equal(before.Select(e => (e.SequenceNumber, e.OffsetString, e.EnqueuedTime, e.EventBody.ToString())),
                after.Select(e => (e.SequenceNumber, e.OffsetString, e.EnqueuedTime, e.EventBody.ToString())));
            var properties = await consumer.GetEventHubPropertiesAsync();
            Assert.Equal(before[0].EnqueuedTime.Date, properties.CreatedOn.Date);
        }

        // New events continue the sequence, and a key keeps its partition across the restart.
        var more = await SendAndReadAsync(local, 25, 5);
        Assert.Equal([25L, 26L, 27L, 28L, 29L], more.Select(e => e.SequenceNumber));
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await producer.SendAsync([new EventData("k"u8.ToArray())], new SendEventOptions { PartitionKey = "patient-42" });
        var partitionBefore = await PartitionHoldingAsync(producer, "patient-42", local);
        await local.RestartAsync();
        await using var producerAfter = new EventHubProducerClient(local.ConnectionString);
        await producerAfter.SendAsync([new EventData("k"u8.ToArray())], new SendEventOptions { PartitionKey = "patient-42" });
        Assert.Equal(2, (await producerAfter.GetPartitionPropertiesAsync(partitionBefore)).LastEnqueuedSequenceNumber + 1);
    }

    [Fact]
    public async Task Clients_connected_across_a_restart_carry_on_without_losing_or_repeating_events()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<long>();
        var firstHalf = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            // A short wait: after a failed receive the client waits out the rest of it before reconnecting (60 s by default).
            var options = new ReadEventOptions { MaximumWaitTime = TimeSpan.FromMilliseconds(500) };
            await foreach (var item in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, options, timeout.Token))
            {
                if (item.Data is null)
                {
                    continue;
                }

                received.Add(item.Data.SequenceNumber);
                if (received.Count == 50)
                {
                    firstHalf.SetResult();
                }

                if (received.Count == 100)
                {
                    return;
                }
            }
        });

        await producer.SendAsync(Enumerable.Range(0, 50).Select(i => new EventData(Encoding.UTF8.GetBytes($"e{i}"))), new SendEventOptions { PartitionId = "0" });
        await firstHalf.Task.WaitAsync(timeout.Token);

        await local.RestartAsync();
        await producer.SendAsync(Enumerable.Range(50, 50).Select(i => new EventData(Encoding.UTF8.GetBytes($"e{i}"))), new SendEventOptions { PartitionId = "0" });
        await reading.WaitAsync(timeout.Token);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), received);
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_a_log_is_cut_off_and_appends_continue_after_the_last_whole_one()
    {
        var folder = Directory.CreateTempSubdirectory("kardiaflow-eh-log-").FullName;
        var path = Path.Combine(folder, "partition-0.log");
        try
        {
            await using (var log = PartitionLog.Open(path, "0", NullLogger.Instance))
            {
                await log.AppendAsync([Encoding.UTF8.GetBytes("first"), Encoding.UTF8.GetBytes("second")]);
            }

            var whole = new FileInfo(path).Length;
            await File.AppendAllTextAsync(path, "\u0010\u0000\u0000\u0000garbage-of-a-crash");

            await using (var log = PartitionLog.Open(path, "0", NullLogger.Instance))
            {
                Assert.Equal(2, log.Count);
                Assert.Equal(whole, new FileInfo(path).Length);
                Assert.Equal(2, await log.AppendAsync([Encoding.UTF8.GetBytes("third")]));
                var events = await log.ReadAsync(0, 10, 1 << 20, CancellationToken.None);
                Assert.Equal(["first", "second", "third"], events.Select(e => Encoding.UTF8.GetString(e.Message.Span)));
                Assert.Equal(whole, events[2].Offset);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_restart_with_another_partition_count_is_refused_with_the_folder_named()
    {
        await using var local = await LocalEndpoint.StartAsync(partitionCount: 4);
        await local.Endpoint.StopAsync(CancellationToken.None);
        local.Options.PartitionCount = 2;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => local.Endpoint.StartAsync(CancellationToken.None));
        Assert.Contains("has 4 partitions, but 2 are configured", error.Message, StringComparison.Ordinal);
        Assert.Contains(local.Options.DataFolder, error.Message, StringComparison.Ordinal);
        local.Options.PartitionCount = 4;
    }

    [Fact]
    public async Task A_second_endpoint_on_the_same_data_folder_is_refused_while_the_first_runs()
    {
        await using var local = await LocalEndpoint.StartAsync();
        var options = new LocalEventHubsOptions { LocalPort = 0, DataFolder = local.Options.DataFolder };
        await using var second = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(options));

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.StartAsync(CancellationToken.None));
        Assert.Contains("is in use by another local Event Hubs endpoint", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, second.Port);

        await local.Endpoint.StopAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        Assert.NotEqual(0, second.Port);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_standby_endpoint_takes_the_folder_and_port_over_when_the_serving_one_stops()
    {
        await using var local = await LocalEndpoint.StartAsync();
        var port = local.Endpoint.Port;
        var options = new LocalEventHubsOptions { LocalPort = port, DataFolder = local.Options.DataFolder, StandbyWhenInUse = true };
        await using var standby = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(options));
        await standby.StartAsync(CancellationToken.None);
        Assert.Equal(0, standby.Port);

        await using (var producer = new EventHubProducerClient(local.ConnectionString))
        {
            await producer.SendAsync([new EventData("before the handover"u8.ToArray())], new SendEventOptions { PartitionId = "1" });
        }

        await local.Endpoint.StopAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (standby.Port == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(port, standby.Port);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, standby.GetConnectionString());
        var events = await ProducerConsumerTests.ReadAsync(consumer, "1", EventPosition.Earliest, 1);
        Assert.Equal("before the handover", events[0].EventBody.ToString());
    }

    private static async Task<List<EventData>> SendAndReadAsync(LocalEndpoint local, int first, int count)
    {
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await producer.SendAsync(Enumerable.Range(first, count).Select(i => new EventData(Encoding.UTF8.GetBytes($"e{i}"))), new SendEventOptions { PartitionId = "0" });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        return await ProducerConsumerTests.ReadAsync(consumer, "0", EventPosition.FromSequenceNumber(first), count);
    }

    private static async Task<string> PartitionHoldingAsync(EventHubProducerClient producer, string key, LocalEndpoint local)
    {
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        foreach (var partition in await producer.GetPartitionIdsAsync())
        {
            var properties = await producer.GetPartitionPropertiesAsync(partition);
            if (properties.IsEmpty)
            {
                continue;
            }

            var events = await ProducerConsumerTests.ReadAsync(consumer, partition, EventPosition.Earliest, (int)properties.LastEnqueuedSequenceNumber + 1);
            if (events.Any(e => e.PartitionKey == key))
            {
                return partition;
            }
        }

        throw new InvalidOperationException($"No partition holds key {key}.");
    }
}
