using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>The real Azure.Messaging.EventHubs 5.12.2 producer and consumer against the loopback endpoint.</summary>
public sealed class ProducerConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_single_event_comes_back_with_its_properties_body_and_service_annotations()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        var sent = new EventData(Encoding.UTF8.GetBytes("{\"dataset\":\"claims\"}"))
        {
            ContentType = "application/json",
            MessageId = "m-1",
        };
        sent.Properties["dataset"] = "claims";
        sent.Properties["attempt"] = 3;
        await producer.SendAsync([sent], new SendEventOptions { PartitionId = "2" });

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var received = await ReadAsync(consumer, "2", EventPosition.Earliest, 1);

        var only = Assert.Single(received);
        Assert.Equal("{\"dataset\":\"claims\"}", only.EventBody.ToString());
        Assert.Equal("claims", only.Properties["dataset"]);
        Assert.Equal(3, only.Properties["attempt"]);
        Assert.Equal("application/json", only.ContentType);
        Assert.Equal("m-1", only.MessageId);
        Assert.Equal(0, only.SequenceNumber);
        Assert.Equal("0", only.OffsetString);
        Assert.InRange(only.EnqueuedTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_batch_is_split_into_events_in_order_with_consecutive_sequence_numbers()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "1" });
        for (var i = 0; i < 100; i++)
        {
            Assert.True(batch.TryAdd(Event(i)));
        }

        await producer.SendAsync(batch);

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var received = await ReadAsync(consumer, "1", EventPosition.Earliest, 100);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"event {i}"), received.Select(e => e.EventBody.ToString()));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), received.Select(e => e.SequenceNumber));
        var offsets = received.Select(e => long.Parse(e.OffsetString, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(offsets.Count, offsets.Distinct().Count());
    }

    [Fact]
    public async Task Events_with_the_same_partition_key_land_in_one_partition_in_the_order_sent()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        const int keys = 12;
        const int perKey = 15;
        for (var round = 0; round < perKey; round += 3)
        {
            for (var k = 0; k < keys; k++)
            {
                // One single-event message, then a two-event batch message: both forms carry the key.
                var key = $"key-{k}";
                await producer.SendAsync([Event(round, key)], new SendEventOptions { PartitionKey = key });
                await producer.SendAsync([Event(round + 1, key), Event(round + 2, key)], new SendEventOptions { PartitionKey = key });
            }
        }

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var byPartition = new Dictionary<string, List<EventData>>();
        foreach (var partition in await consumer.GetPartitionIdsAsync())
        {
            var count = (await consumer.GetPartitionPropertiesAsync(partition)).LastEnqueuedSequenceNumber + 1;
            byPartition[partition] = count == 0 ? [] : await ReadAsync(consumer, partition, EventPosition.Earliest, (int)count);
        }

        Assert.Equal(keys * perKey, byPartition.Values.Sum(events => events.Count));
        Assert.True(byPartition.Values.Count(events => events.Count > 0) > 1, "keys should spread over partitions");
        for (var k = 0; k < keys; k++)
        {
            var key = $"key-{k}";
            var holding = byPartition.Where(p => p.Value.Any(e => e.PartitionKey == key)).ToList();
            var partition = Assert.Single(holding);
            var bodies = partition.Value.Where(e => e.PartitionKey == key).Select(e => e.EventBody.ToString()).ToList();
            Assert.Equal(Enumerable.Range(0, perKey).Select(i => $"event {i} {key}"), bodies);
        }
    }

    [Fact]
    public async Task Events_without_a_key_or_partition_are_spread_round_robin()
    {
        await using var local = await LocalEndpoint.StartAsync(partitionCount: 4);
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        for (var i = 0; i < 8; i++)
        {
            await producer.SendAsync([Event(i)]);
        }

        foreach (var partition in await producer.GetPartitionIdsAsync())
        {
            Assert.Equal(1, (await producer.GetPartitionPropertiesAsync(partition)).LastEnqueuedSequenceNumber);
        }
    }

    [Fact]
    public async Task Reading_starts_at_an_offset_a_sequence_number_an_enqueued_time_or_the_latest_event()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await producer.SendAsync(Enumerable.Range(0, 10).Select(i => Event(i)), new SendEventOptions { PartitionId = "0" });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var all = await ReadAsync(consumer, "0", EventPosition.Earliest, 10);
        var fifth = all[5];

        Assert.Equal(5, (await ReadAsync(consumer, "0", EventPosition.FromOffset(fifth.OffsetString, isInclusive: true), 1))[0].SequenceNumber);
        Assert.Equal(6, (await ReadAsync(consumer, "0", EventPosition.FromOffset(fifth.OffsetString, isInclusive: false), 1))[0].SequenceNumber);
        Assert.Equal(3, (await ReadAsync(consumer, "0", EventPosition.FromSequenceNumber(3, isInclusive: true), 1))[0].SequenceNumber);
        Assert.Equal(4, (await ReadAsync(consumer, "0", EventPosition.FromSequenceNumber(3, isInclusive: false), 1))[0].SequenceNumber);
        Assert.Equal(0, (await ReadAsync(consumer, "0", EventPosition.FromEnqueuedTime(all[0].EnqueuedTime.AddSeconds(-1)), 1))[0].SequenceNumber);

        // Latest: only what is sent after the receiver opened.
        using var timeout = new CancellationTokenSource(Timeout);
        var reading = consumer.ReadEventsFromPartitionAsync("0", EventPosition.Latest, new ReadEventOptions { MaximumWaitTime = TimeSpan.FromMilliseconds(200) }, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await reading.MoveNextAsync());
        Assert.Null(reading.Current.Data);
        await producer.SendAsync([Event(10)], new SendEventOptions { PartitionId = "0" });
        EventData? next = null;
        while (next is null && await reading.MoveNextAsync())
        {
            next = reading.Current.Data;
        }

        await reading.DisposeAsync();
        Assert.NotNull(next);
        Assert.Equal(10, next.SequenceNumber);
        Assert.Equal("event 10", next.EventBody.ToString());
    }

    [Fact]
    public async Task A_batch_filled_to_the_maximum_message_size_is_accepted_whole()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "3" });
        Assert.Equal(local.Options.MaxMessageSizeBytes, batch.MaximumSizeInBytes);
        var payload = new byte[10_000];
        var count = 0;
        while (batch.TryAdd(new EventData(Stamp(payload, count))))
        {
            count++;
        }

        Assert.InRange(count, 90, 110);
        await producer.SendAsync(batch);

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var received = await ReadAsync(consumer, "3", EventPosition.Earliest, count);
        Assert.Equal(count, received.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(Stamp(payload, i), received[i].EventBody.ToArray());
        }

        // One event spanning many transfer frames comes back whole.
        var large = new byte[600_000];
        Random.Shared.NextBytes(large);
        await producer.SendAsync([new EventData(large)], new SendEventOptions { PartitionId = "3" });
        var largeBack = await ReadAsync(consumer, "3", EventPosition.FromSequenceNumber(count), 1);
        Assert.Equal(large, largeBack[0].EventBody.ToArray());

        var tooBig = new EventData(new byte[local.Options.MaxMessageSizeBytes + 1]);
        await Assert.ThrowsAnyAsync<Exception>(() => producer.SendAsync([tooBig], new SendEventOptions { PartitionId = "3" }));
    }

    private static EventData Event(int i, string? key = null) =>
        new(Encoding.UTF8.GetBytes(key is null ? $"event {i}" : $"event {i} {key}"));

    private static byte[] Stamp(byte[] template, int i)
    {
        var copy = (byte[])template.Clone();
        BitConverter.TryWriteBytes(copy, i);
        return copy;
    }

    internal static async Task<List<EventData>> ReadAsync(EventHubConsumerClient consumer, string partition, EventPosition position, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var received = new List<EventData>();
        await foreach (var item in consumer.ReadEventsFromPartitionAsync(partition, position, timeout.Token))
        {
            received.Add(item.Data);
            if (received.Count == count)
            {
                break;
            }
        }

        return received;
    }
}
