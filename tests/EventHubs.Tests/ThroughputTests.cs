using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Xunit.Abstractions;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>
/// Many events from one producer (batches) into one reader at the same time, every event checked. The rate is written
/// to the test output, not asserted: speed is measured by <c>bench -- eventhubs</c> (docs/eventhubs-local.md), never by
/// a timing in a test.
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_thousand_events_flow_from_one_producer_to_one_reader_in_seconds()
    {
        const int total = 20_000;
        await using var local = await LocalEndpoint.StartAsync(partitionCount: 1);
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var clock = Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            var next = 0;
            await foreach (var item in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, new ReadEventOptions { PrefetchCount = 1000, CacheEventCount = 1000 }, timeout.Token))
            {
                Assert.Equal(next, item.Data.SequenceNumber);
                Assert.Equal(Body(next), item.Data.EventBody.ToString());
                if (++next == total)
                {
                    return clock.Elapsed;
                }
            }

            return clock.Elapsed;
        });

        var sent = 0;
        var batches = 0;
        while (sent < total)
        {
            using var batch = await producer.CreateBatchAsync(timeout.Token);
            while (sent < total && batch.TryAdd(Event(sent)))
            {
                sent++;
            }

            await producer.SendAsync(batch, timeout.Token);
            batches++;
        }

        var sendTime = clock.Elapsed;
        var readTime = await reading;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} events ({Body(0).Length + 40}-byte JSON bodies) in {batches} batches: sent and fsync'd in {sendTime.TotalSeconds:F2} s ({total / sendTime.TotalSeconds:F0} events/s), all read in {readTime.TotalSeconds:F2} s ({total / readTime.TotalSeconds:F0} events/s end to end)"));
    }

    private static EventData Event(int i)
    {
        var data = new EventData(Encoding.UTF8.GetBytes(Body(i)));
        data.Properties["dataset"] = "claims";
        return data;
    }

    private static string Body(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"dataset\":\"claims\",\"claim_id\":\"C{i:D8}\",\"patient_id\":\"P{i % 997:D6}\",\"amount\":{i % 5000}.25,\"status\":\"submitted\"}}");
}
