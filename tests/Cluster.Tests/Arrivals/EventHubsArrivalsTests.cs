using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.Silo.Hosting;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>
/// The whole streamed path with real parts: the real <c>Azure.Messaging.EventHubs</c> producer publishes to the project's
/// loopback endpoint, the real Orleans Event Hubs provider reads it on a three-silo cluster, the arrivals grains commit
/// to Delta tables on disk.
/// </summary>
public sealed class EventHubsArrivalsTests
{
    [Fact]
    public async Task Events_published_before_start_and_while_a_silo_dies_and_the_endpoint_restarts_are_each_in_Bronze_exactly_once()
    {
        await using var hub = await LoopbackEventHubs.StartAsync(partitions: 4);
        await using var producer = new EventHubProducerClient(hub.ConnectionString, "arrivals");

        // Published before any silo runs: none may be skipped.
        const int before = 400, during = 2_400;
        await PublishAsync(producer, 0, before);

        await using var cluster = await StartClusterAsync(hub, silos: 3);
        var flowing = Task.Run(async () =>
        {
            for (var start = before; start < before + during; start += 200)
            {
                await PublishAsync(producer, start, 200);
                await Task.Delay(50);
            }
        });

        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= before + 400, TimeSpan.FromMinutes(2));
        await cluster.Cluster.KillSiloAsync(await SiloWithArrivalsAsync(cluster));
        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= before + 1_200, TimeSpan.FromMinutes(2));
        await hub.RestartAsync();
        await flowing;

        var total = before + during;

        // Exactly once is judged against what the hub holds: a send cut by the endpoint's restart may be retried by the
        // producer and stored twice (two events, two sequence numbers), as Event Hubs itself would.
        var held = new Dictionary<string, long>();
        foreach (var partition in await producer.GetPartitionIdsAsync())
        {
            held["eventhubs/arrivals/" + partition] = (await producer.GetPartitionPropertiesAsync(partition)).LastEnqueuedSequenceNumber + 1;
        }

        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= held.Values.Sum(), TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything redelivered late would show up now
        var bronze = await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims");
        Assert.Equal(held.Values.Sum(), bronze.Count);
        var sources = bronze.Sources();
        Assert.Equal(sources.Count, sources.Distinct().Count());
        Assert.Equal(held.Keys.Order(), sources.Select(s => s.File).Distinct().Order());
        foreach (var partition in sources.GroupBy(s => s.File))
        {
            // Every event the partition holds, by sequence number from 0: none missing, none twice.
            Assert.Equal(Enumerable.Range(0, (int)held[partition.Key]).Select(i => (long)i), partition.Select(s => s.Row).Order());
        }

        // Nothing published was lost.
        Assert.Equal(Enumerable.Range(0, total).Select(Id), bronze.Column("ClaimID").Cast<string>().Distinct().Order(StringComparer.Ordinal));

        // One key's events kept their order: ids are numbered in publish order, so by sequence number (first copies) they rise.
        var position = bronze.Columns.ToList().IndexOf("_source_row");
        var file = bronze.Columns.ToList().IndexOf("_source_file");
        foreach (var partition in bronze.Rows.GroupBy(r => (string)r[file]!))
        {
            var inOrder = partition.OrderBy(r => (long)r[position]!).Select(r => int.Parse(((string)r[0]!)[3..], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
            Assert.Equal(inOrder.Order(), inOrder);
        }
    }

    /// <summary>
    /// Seeded kill runs over the event stream (docs/reliability.md): in each run a silo hosting arrivals grains is
    /// killed at a seeded point of the stream and replaced, and Bronze must hold every event the hub holds exactly once.
    /// <c>KARDIAFLOW_KILL_RUNS</c> sets the number of runs (1 in the fast suite), <c>KARDIAFLOW_KILL_SEED</c> the first seed.
    /// </summary>
    [Fact]
    public async Task Silos_killed_at_seeded_points_of_an_event_stream_lose_and_duplicate_nothing()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_KILL_RUNS"), out var r) && r > 0 ? r : 1;
        var firstSeed = int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_KILL_SEED"), out var s) ? s : 2600;
        for (var seed = firstSeed; seed < firstSeed + runs; seed++)
        {
            var random = new Random(seed);
            const int total = 1_600;
            var killAt = random.Next(100, 1_200);
            await using var hub = await LoopbackEventHubs.StartAsync(partitions: 4);
            await using var producer = new EventHubProducerClient(hub.ConnectionString, "arrivals");
            await using var cluster = await StartClusterAsync(hub, silos: 3);
            var flowing = Task.Run(async () =>
            {
                for (var start = 0; start < total; start += 100)
                {
                    await PublishAsync(producer, start, 100);
                    await Task.Delay(random.Next(10, 60));
                }
            });

            await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= killAt, TimeSpan.FromMinutes(2));
            await cluster.Cluster.KillSiloAsync(await SiloWithArrivalsAsync(cluster));
            await cluster.Cluster.StartAdditionalSiloAsync();
            await flowing;

            long held = 0;
            foreach (var partition in await producer.GetPartitionIdsAsync())
            {
                held += (await producer.GetPartitionPropertiesAsync(partition)).LastEnqueuedSequenceNumber + 1;
            }

            await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= held, TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(2)); // anything redelivered late would show up now
            var bronze = await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims");
            var sources = bronze.Sources();
            Assert.True(held == bronze.Count, $"seed {seed} (kill after {killAt} events): the hub holds {held} events, Bronze {bronze.Count}");
            Assert.True(sources.Count == sources.Distinct().Count(), $"seed {seed}: an event is in Bronze twice");
            Assert.True(
                Enumerable.Range(0, total).Select(Id).SequenceEqual(bronze.Column("ClaimID").Cast<string>().Distinct().Order(StringComparer.Ordinal)),
                $"seed {seed}: a published event is missing from Bronze");
        }
    }

    [Fact]
    public async Task Gold_follows_streamed_events_on_its_interval_and_reports_their_freshness()
    {
        await using var hub = await LoopbackEventHubs.StartAsync(partitions: 2);
        await using var producer = new EventHubProducerClient(hub.ConnectionString, "arrivals");
        await using var cluster = await StartClusterAsync(hub, silos: 2);
        var published = DateTime.UtcNow;
        var events = Enumerable.Range(0, 20).Select(i =>
        {
            var data = new EventData(Encoding.UTF8.GetBytes(
                $$"""{"ClaimID":"GF-{{i}}","PatientID":"P1","ProviderID":"PROV-FRESH","ClaimAmount":10.0,"ClaimDate":"2024-03-0{{1 + (i % 5)}}","ClaimStatus":"Approved"}"""));
            data.Properties["dataset"] = "claims";
            return data;
        });
        await producer.SendAsync(events, new SendEventOptions { PartitionKey = "PROV-FRESH" });

        // No explicit update: the Silver feeds notify Gold, whose 1 s interval (the default) brings the claims in.
        var gold = cluster.Client.GetGrain<Kardiaflow.Grains.Abstractions.Gold.IGoldGrain>(Kardiaflow.Grains.Abstractions.Gold.IGoldGrain.Key);
        await WaitUntilAsync(async () =>
        {
            try
            {
                var spend = await LakeTables.ReadAsync(cluster.Lake, "gold/gold_provider_daily_spend");
                return spend.Column("provider_id").Count(p => (string?)p == "PROV-FRESH") == 5;
            }
            catch (Kardiaflow.Lakehouse.TableNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(1));

        var status = await gold.GetStatusAsync();
        Assert.NotNull(status.NewestInputEnqueuedUtc);
        Assert.InRange(status.NewestInputEnqueuedUtc!.Value, published.AddSeconds(-5), DateTime.UtcNow);
        Assert.InRange(status.FreshnessAt(DateTime.UtcNow)!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    private static string Id(int i) => "EH-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task PublishAsync(EventHubProducerClient producer, int start, int count)
    {
        // Four keys, one per send, so each key's events keep their publish order in one partition.
        foreach (var group in Enumerable.Range(start, count).GroupBy(i => i % 4))
        {
            var events = group.Select(i =>
            {
                var data = new EventData(Encoding.UTF8.GetBytes($$"""{"ClaimID":"{{Id(i)}}","PatientID":"P{{i % 4}}","ClaimAmount":{{i}}.5}"""));
                data.Properties["dataset"] = "claims";
                return data;
            });
            await producer.SendAsync(events, new SendEventOptions { PartitionKey = "key-" + group.Key });
        }
    }

    private static async Task<KardiaflowTestCluster> StartClusterAsync(LoopbackEventHubs hub, short silos)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventHubs"] = hub.ConnectionString,
            ["Kardiaflow:Arrivals:MaxBatchEvents"] = "100",
            ["Kardiaflow:Arrivals:MaxBatchDelay"] = "00:00:00.050",
        };
        return await KardiaflowTestCluster.StartAsync(silos, settings, configureSiloWithSettings: (silo, configuration) => silo.AddKardiaflowArrivals(configuration));
    }

    /// <summary>A silo other than the primary that hosts at least one partition's arrivals grain (events in flight die with it).</summary>
    private static async Task<Orleans.TestingHost.InProcessSiloHandle> SiloWithArrivalsAsync(KardiaflowTestCluster cluster)
    {
        var statistics = await cluster.Client.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetDetailedGrainStatistics();
        var hosts = statistics.Where(s => s.GrainType.Contains(nameof(Grains.Streaming.ArrivalsGrain), StringComparison.Ordinal)).Select(s => s.SiloAddress).ToHashSet();
        var candidates = cluster.Cluster.Silos.Skip(1).ToList();
        return candidates.FirstOrDefault(s => hosts.Contains(s.SiloAddress)) ?? candidates[^1];
    }

    private static async Task<long> BronzeCountAsync(KardiaflowTestCluster cluster)
    {
        try
        {
            return (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims")).Count;
        }
        catch (Kardiaflow.Lakehouse.TableNotFoundException)
        {
            return 0;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}.");
            }

            await Task.Delay(200);
        }
    }
}
