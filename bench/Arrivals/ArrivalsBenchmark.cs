using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.EventHubs.Local;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Bench.Arrivals;

/// <summary>
/// <c>bench -- arrivals [--rates 1000,5000,10000] [--seconds 20] [--gold-interval 00:00:01] [--work DIR]</c>: a Local
/// silo host (the loopback endpoint, the Event Hubs provider, arrivals, Silver, Gold) in this process; a producer offers
/// claims events at each rate for the given time. Measures sustained events/s into Bronze (published events over the
/// time from the first send to the last one committed) and enqueue → visible-in-Gold latency of probe events (ten a
/// second, each naming its own provider, seen in gold_provider_daily_spend by a 20 ms poll of the table).
/// </summary>
internal static class ArrivalsBenchmark
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rates = Arg(args, "--rates", "1000,5000,10000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var seconds = int.Parse(Arg(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var goldInterval = Arg(args, "--gold-interval", "00:00:01");
        var work = Path.GetFullPath(Arg(args, "--work", Path.Combine(Path.GetTempPath(), "kardiaflow-arrivals-bench")));
        Console.WriteLine("| offered events/s | published | publishing achieved events/s | into Bronze events/s | Bronze drained after publishing | probes seen in Gold | enqueue → Gold p50 | p99 | max | Gold freshness p50 / p99 (sampled) | lost |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var rate in rates)
        {
            var lake = Path.Combine(work, "rate-" + rate.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(lake))
            {
                Directory.Delete(lake, recursive: true);
            }

            Console.WriteLine(await RunOneAsync(lake, rate, seconds, goldInterval, cancellationToken));
        }

        return 0;
    }

    private static async Task<string> RunOneAsync(string lake, int rate, int seconds, string goldInterval, CancellationToken cancellationToken)
    {
        using var host = await StartSiloAsync(lake, goldInterval, cancellationToken);
        var endpoint = host.Services.GetRequiredService<LocalEventHubsEndpoint>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await using var producer = new EventHubProducerClient(endpoint.GetConnectionString(includeEntityPath: false), "arrivals");
        var partitions = await producer.GetPartitionIdsAsync(cancellationToken);

        var probes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        using var stopPolling = new CancellationTokenSource();
        var polling = PollGoldAsync(lake, probes, seen, stopPolling.Token);
        var freshness = new List<double>();
        var sampling = SampleFreshnessAsync(grains, freshness, stopPolling.Token);

        // Ticks of 10 ms; each sends rate/100 events spread over the partitions by key (claim id), one send per partition.
        var clock = Stopwatch.StartNew();
        long published = 0;
        var tick = TimeSpan.FromMilliseconds(10);
        var ticks = seconds * 100;
        var sends = new List<Task>();
        for (var t = 0; t < ticks; t++)
        {
            var due = tick * t;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var count = (int)(((long)rate * (t + 1) / 100) - ((long)rate * t / 100));
            var events = new List<(string Key, EventData Data)>(count);
            for (var i = 0; i < count; i++, published++)
            {
                var probe = i == 0 && t % 10 == 0;
                var provider = probe ? "PROBE-" + published.ToString(CultureInfo.InvariantCulture) : "PRV-" + (published % 50).ToString(CultureInfo.InvariantCulture);
                var claim = "BC-" + published.ToString(CultureInfo.InvariantCulture);
                var data = new EventData(Encoding.UTF8.GetBytes(
                    $$"""{"ClaimID":"{{claim}}","PatientID":"P{{published % 1000}}","ProviderID":"{{provider}}","ClaimAmount":{{published % 997}}.25,"ClaimDate":"2024-05-01","ClaimStatus":"Approved"}"""));
                data.Properties["dataset"] = "claims";
                if (probe)
                {
                    lock (probes)
                    {
                        probes[provider] = DateTime.UtcNow;
                    }
                }

                events.Add((claim, data));
            }

            foreach (var group in events.GroupBy(e => partitions[(int)((uint)e.Key.GetHashCode(StringComparison.Ordinal) % (uint)partitions.Length)]))
            {
                sends.Add(producer.SendAsync(group.Select(e => e.Data), new SendEventOptions { PartitionId = group.Key }, cancellationToken));
            }

            sends.RemoveAll(s => s.IsCompletedSuccessfully);
        }

        await Task.WhenAll(sends);
        var publishedAt = clock.Elapsed;

        // Drained: every partition's arrivals grain has committed the partition's last event.
        var last = new Dictionary<string, long>();
        foreach (var partition in partitions)
        {
            last[partition] = (await producer.GetPartitionPropertiesAsync(partition, cancellationToken)).LastEnqueuedSequenceNumber;
        }

        long bronze;
        while (true)
        {
            var statuses = await Task.WhenAll(partitions.Select(p => grains.GetGrain<IArrivalsGrain>(ArrivalStreams.Key("arrivals", p)).GetStatusAsync()));
            bronze = statuses.Sum(s => s.BronzeRows);
            if (statuses.All(s => s.CommittedSequenceNumber >= last[s.Partition]) || clock.Elapsed > publishedAt + TimeSpan.FromMinutes(5))
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        var drainedAt = clock.Elapsed;
        // Let Gold catch the last probes, then stop polling.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (seen)
            {
                if (seen.Count >= probes.Count)
                {
                    break;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        await stopPolling.CancelAsync();
        await polling;
        await sampling;
        freshness.Sort();
        var latencies = probes.Where(p => seen.ContainsKey(p.Key)).Select(p => (seen[p.Key] - p.Value).TotalMilliseconds).Order().ToList();
        await host.StopAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {rate:N0} | {published:N0} | {published / publishedAt.TotalSeconds:N0} | {published / drainedAt.TotalSeconds:N0} | {(drainedAt - publishedAt).TotalSeconds:F1} s | {latencies.Count}/{probes.Count} | {Percentile(latencies, 0.50):N0} ms | {Percentile(latencies, 0.99):N0} ms | {(latencies.Count == 0 ? 0 : latencies[^1]):N0} ms | {Percentile(freshness, 0.50):N0} / {Percentile(freshness, 0.99):N0} ms | {published - bronze} |");
    }

    /// <summary>Gold's own freshness (GoldUpdateResult.FreshnessAt) every 100 ms once it is known.</summary>
    private static async Task SampleFreshnessAsync(IGrainFactory grains, List<double> samples, CancellationToken cancellationToken)
    {
        var gold = grains.GetGrain<Kardiaflow.Grains.Abstractions.Gold.IGoldGrain>(Kardiaflow.Grains.Abstractions.Gold.IGoldGrain.Key);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if ((await gold.GetStatusAsync()).FreshnessAt(DateTime.UtcNow) is { } f)
                {
                    samples.Add(f.TotalMilliseconds);
                }

                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task PollGoldAsync(string lake, Dictionary<string, DateTime> probes, Dictionary<string, DateTime> seen, CancellationToken cancellationToken)
    {
        var storage = new LocalLakeStorage(lake);
        DeltaTable? table = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                table ??= await DeltaTable.OpenAsync(storage, "gold/gold_provider_daily_spend", cancellationToken);
                await table.RefreshAsync(cancellationToken);
                var now = DateTime.UtcNow;
                var contents = TableReader.Read(table.Snapshot, cancellationToken);
                var provider = contents.Schema.IndexOf("provider_id");
                await foreach (var row in contents.Rows.WithCancellation(cancellationToken))
                {
                    if (row[provider] is string id && id.StartsWith("PROBE-", StringComparison.Ordinal))
                    {
                        lock (seen)
                        {
                            seen.TryAdd(id, now);
                        }
                    }
                }

                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TableNotFoundException)
            {
                table = null;
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static async Task<IHost> StartSiloAsync(string lake, string goldInterval, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kardiaflow:Lake:Root"] = lake,
            ["Kardiaflow:Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow:EventHubs:LocalPort"] = "0",
            ["Kardiaflow:Gold:UpdateInterval"] = goldInterval,
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.AddKardiaflowArrivals();
        builder.AddKardiaflowSilo();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Arg(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
