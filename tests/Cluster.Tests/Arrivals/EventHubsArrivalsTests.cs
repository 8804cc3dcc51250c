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
        const int Before = 400, During = 2_400;
        await PublishAsync(producer, 0, Before);

        await using var cluster = await StartClusterAsync(hub, silos: 3);
        var flowing = Task.Run(async () =>
        {
            for (var start = Before; start < Before + During; start += 200)
            {
                await PublishAsync(producer, start, 200);
                await Task.Delay(50);
            }
        });

        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= Before + 400, TimeSpan.FromMinutes(2));
        await cluster.Cluster.KillSiloAsync(await SiloWithArrivalsAsync(cluster));
        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= Before + 1_200, TimeSpan.FromMinutes(2));
        await hub.RestartAsync();
        await flowing;

        var total = Before + During;
        await WaitUntilAsync(async () => await BronzeCountAsync(cluster) >= total, TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything redelivered late would show up now

        var bronze = await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims");
        var ids = bronze.Column("ClaimID").Cast<string>().ToList();
        Assert.Equal(total, ids.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        var sources = bronze.Sources();
        Assert.Equal(sources.Count, sources.Distinct().Count());
        Assert.All(sources, s => Assert.Matches("^eventhubs/arrivals/[0-3]$", s.File));
        foreach (var partition in sources.GroupBy(s => s.File))
        {
            // Sequence numbers of a partition are consecutive from 0: none missing, none twice.
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(s => s.Row).Order());
        }

        // One key's events kept their order: the ids are numbered in publish order, per partition in sequence order.
        var position = bronze.Columns.ToList().IndexOf("_source_row");
        var file = bronze.Columns.ToList().IndexOf("_source_file");
        foreach (var partition in bronze.Rows.GroupBy(r => (string)r[file]!))
        {
            var inOrder = partition.OrderBy(r => (long)r[position]!).Select(r => int.Parse(((string)r[0]!)[3..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(inOrder.Order(), inOrder);
        }
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
