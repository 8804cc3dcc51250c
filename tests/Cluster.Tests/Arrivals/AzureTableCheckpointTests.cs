using System.Text;
using Azure.Data.Tables;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>
/// The Azure profile's arrivals checkpoints: the provider's Azure Table checkpointer on a real Azurite (table
/// <c>KardiaflowCheckpoints</c>, client from <c>ConnectionStrings:Storage</c>), the events from the loopback endpoint.
/// </summary>
public sealed class AzureTableCheckpointTests
{
    [Fact]
    public async Task The_Azure_profile_keeps_each_partitions_checkpoint_in_the_KardiaflowCheckpoints_table()
    {
        await using var azurite = await AzuriteProcess.StartAsync(withTables: true);
        await using var hub = await LoopbackEventHubs.StartAsync(partitions: 2);
        var arrivals = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kardiaflow:Profile"] = "Azure",
            ["ConnectionStrings:EventHubs"] = hub.ConnectionString,
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
        }).Build();
        var cluster = await KardiaflowTestCluster.StartAsync(2, configureSilo: silo => silo.AddKardiaflowArrivals(arrivals));
        try
        {
            await using (var producer = new EventHubProducerClient(hub.ConnectionString, "arrivals"))
            {
                var events = Enumerable.Range(0, 200).Select(i =>
                {
                    var data = new EventData(Encoding.UTF8.GetBytes($$"""{"ProviderID":"AZ-{{i}}","ProviderSpecialty":"Cardiology"}"""));
                    data.Properties["dataset"] = "providers";
                    return data;
                });
                foreach (var chunk in events.Chunk(50))
                {
                    await producer.SendAsync(chunk);
                }
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (await CountAsync(cluster.Lake) < 200)
            {
                Assert.True(DateTime.UtcNow < deadline, "the events did not reach Bronze");
                await Task.Delay(200);
            }
        }
        finally
        {
            // A graceful stop flushes every partition's checkpoint.
            await cluster.DisposeAsync();
        }

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(EventHubsArrivalsExtensions.CheckpointTable);
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        Assert.Equal(2, entities.Count);
        Assert.All(entities, e => Assert.False(string.IsNullOrEmpty(e.GetString("Offset"))));
    }

    private static async Task<int> CountAsync(string lake)
    {
        try
        {
            return (await LakeTables.ReadAsync(lake, "bronze/bronze_providers")).Count;
        }
        catch (Kardiaflow.Lakehouse.TableNotFoundException)
        {
            return 0;
        }
    }
}
