using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Kardiaflow.EventHubs.Tests.Orleans;

/// <summary>
/// The Orleans Event Hubs stream provider (Microsoft.Orleans.Streaming.EventHubs 10.4.2) on a two-silo in-process
/// cluster reads what a plain producer published through the endpoint: events published before the silos started
/// (StartFromNow = false) and after, each key's events in order, checkpoints in grain storage.
/// </summary>
public sealed class OrleansStreamProviderTests
{
    private const int Keys = 6;
    private const int PerKeyBefore = 4;
    private const int PerKeyAfter = 4;

    [Fact]
    public async Task Implicit_subscribers_receive_events_published_before_and_after_the_silos_started_in_key_order()
    {
        await using var local = await LocalEndpoint.StartAsync(partitionCount: 4);
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await PublishAsync(producer, 0, PerKeyBefore);

        var connectionString = local.Endpoint.GetConnectionString(includeEntityPath: false);
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddEventHubStreams(ArrivalProbeGrain.ProviderName, configurator =>
            {
                configurator.ConfigureEventHub(options => options.Configure(o => o.ConfigureEventHubConnection(connectionString, local.Endpoint.Hub, "$Default")));
                configurator.UseDataAdapter((services, _) => ActivatorUtilities.CreateInstance<RawEventDataAdapter>(services));
                configurator.UseGrainCheckpointer(options => options.Configure(o => o.PersistInterval = TimeSpan.FromSeconds(1)));
                configurator.ConfigurePartitionReceiver(options => options.Configure(o => o.StartFromNow = false));
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            await PublishAsync(producer, PerKeyBefore, PerKeyAfter);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            for (var k = 0; k < Keys; k++)
            {
                var key = $"patient-{k}";
                var expected = Enumerable.Range(0, PerKeyBefore + PerKeyAfter).Select(i => Body(key, i)).ToList();
                IReadOnlyList<string> received = [];
                while (DateTime.UtcNow < deadline)
                {
                    received = await cluster.Client.GetGrain<IArrivalProbeGrain>(key).GetReceivedAsync();
                    if (received.Count >= expected.Count)
                    {
                        break;
                    }

                    await Task.Delay(200);
                }

                Assert.Equal(expected, received);
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task PublishAsync(EventHubProducerClient producer, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            for (var k = 0; k < Keys; k++)
            {
                var key = $"patient-{k}";
                var data = new EventData(Encoding.UTF8.GetBytes(Body(key, i)));
                data.Properties["dataset"] = "encounters";
                await producer.SendAsync([data], new SendEventOptions { PartitionKey = key });
            }
        }
    }

    private static string Body(string key, int i) => $"{{\"key\":\"{key}\",\"n\":{i}}}";
}
