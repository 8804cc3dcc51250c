using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.EventHubs.Local;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Bench.EventHubs;

/// <summary>
/// <c>bench -- eventhubs [events]</c>: what the loopback Event Hubs endpoint sustains with the real client, in four
/// publishing patterns, each into a fresh endpoint over a scratch folder (docs/eventhubs-local.md records results):
/// one producer sending full batches while one receiver reads them; sequential single-event sends; 32 concurrent
/// single-event sends; the buffered producer. Events are 141-byte JSON bodies with one property, keyed by patient.
/// </summary>
internal static class EventHubsEndpointBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        Console.WriteLine($"load average before: {LoadAverage()}");
        await MeasureAsync("batches, one producer -> one reader", total, BatchesIntoReaderAsync);
        await MeasureAsync("sequential single-event sends", Math.Min(total, 5_000), SequentialSinglesAsync);
        await MeasureAsync("32 concurrent single-event sends", Math.Min(total, 50_000), ConcurrentSinglesAsync);
        await MeasureAsync("buffered producer (keyed)", Math.Min(total, 50_000), BufferedAsync);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static async Task MeasureAsync(string name, int count, Func<LocalEventHubsEndpoint, int, Task<string>> run)
    {
        var folder = Directory.CreateTempSubdirectory("kardiaflow-eh-bench-").FullName;
        try
        {
            var options = new LocalEventHubsOptions { LocalPort = 0, PartitionCount = 4, DataFolder = folder };
            await using var endpoint = new LocalEventHubsEndpoint(Options.Create(options));
            await endpoint.StartAsync(CancellationToken.None);
            Console.WriteLine($"{name}: {await run(endpoint, count)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> BatchesIntoReaderAsync(LocalEventHubsEndpoint endpoint, int total)
    {
        await using var producer = new EventHubProducerClient(endpoint.GetConnectionString());
        await using var receiver = new PartitionReceiver(EventHubConsumerClient.DefaultConsumerGroupName, "0", EventPosition.Earliest, endpoint.GetConnectionString(), new PartitionReceiverOptions { PrefetchCount = 2000 });
        await producer.GetPartitionIdsAsync();
        var clock = Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            var read = 0;
            while (read < total)
            {
                foreach (var item in await receiver.ReceiveBatchAsync(1000, TimeSpan.FromSeconds(5)))
                {
                    if (item.SequenceNumber != read++)
                    {
                        throw new InvalidOperationException($"Expected sequence number {read - 1}, got {item.SequenceNumber}.");
                    }
                }
            }

            return clock.Elapsed;
        });

        var sent = 0;
        while (sent < total)
        {
            using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "0" });
            while (sent < total && batch.TryAdd(Event(sent)))
            {
                sent++;
            }

            await producer.SendAsync(batch);
        }

        var sendTime = clock.Elapsed;
        var readTime = await reading;
        return string.Create(CultureInfo.InvariantCulture, $"{total:N0} events sent and fsync'd at {total / sendTime.TotalSeconds:N0}/s, all read at {total / readTime.TotalSeconds:N0}/s end to end");
    }

    private static async Task<string> SequentialSinglesAsync(LocalEventHubsEndpoint endpoint, int total)
    {
        await using var producer = new EventHubProducerClient(endpoint.GetConnectionString());
        await producer.SendAsync([Event(-1)], new SendEventOptions { PartitionKey = "warm-up" });
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var start = clock.Elapsed;
            await producer.SendAsync([Event(i)], new SendEventOptions { PartitionKey = Key(i) });
            latencies[i] = (clock.Elapsed - start).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return string.Create(CultureInfo.InvariantCulture,
            $"{total:N0} events at {total / clock.Elapsed.TotalSeconds:N0}/s, send latency p50 {latencies[total / 2]:F2} ms, p99 {latencies[total * 99 / 100]:F2} ms");
    }

    private static async Task<string> ConcurrentSinglesAsync(LocalEventHubsEndpoint endpoint, int total)
    {
        await using var producer = new EventHubProducerClient(endpoint.GetConnectionString());
        await producer.SendAsync([Event(-1)], new SendEventOptions { PartitionKey = "warm-up" });
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await producer.SendAsync([Event(i)], new SendEventOptions { PartitionKey = Key(i) });
            }
        }));
        return string.Create(CultureInfo.InvariantCulture, $"{total:N0} events at {total / clock.Elapsed.TotalSeconds:N0}/s");
    }

    private static async Task<string> BufferedAsync(LocalEventHubsEndpoint endpoint, int total)
    {
        await using var producer = new EventHubBufferedProducerClient(endpoint.GetConnectionString());
        var failed = 0;
        producer.SendEventBatchFailedAsync += args =>
        {
            Interlocked.Add(ref failed, args.EventBatch.Count);
            return Task.CompletedTask;
        };
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            await producer.EnqueueEventAsync(Event(i), new EnqueueEventOptions { PartitionKey = Key(i) });
        }

        await producer.FlushAsync();
        return string.Create(CultureInfo.InvariantCulture, $"{total:N0} events at {total / clock.Elapsed.TotalSeconds:N0}/s, {failed} failed");
    }

    private static EventData Event(int i)
    {
        var data = new EventData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"dataset\":\"claims\",\"claim_id\":\"C{i:D8}\",\"patient_id\":\"P{i % 997:D6}\",\"amount\":{i % 5000}.25,\"status\":\"submitted\"}}")));
        data.Properties["dataset"] = "claims";
        return data;
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"P{i % 997:D6}");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "(unknown)";
}
