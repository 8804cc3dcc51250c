using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Kardiaflow.Cluster.Tests;

/// <summary>An in-process cluster of Kardiaflow silos sharing one lake folder and one grain-state folder.</summary>
internal sealed class KardiaflowTestCluster : IAsyncDisposable
{
    private KardiaflowTestCluster(InProcessTestCluster cluster, string lake)
    {
        Cluster = cluster;
        Lake = lake;
    }

    public InProcessTestCluster Cluster { get; }

    public string Lake { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<KardiaflowTestCluster> StartAsync(
        short silos, IReadOnlyDictionary<string, string?>? settings = null, Action<ISiloBuilder>? configureSilo = null,
        Action<ISiloBuilder, IConfiguration>? configureSiloWithSettings = null)
    {
        var lake = TestData.NewFolder("lake");
        var values = new Dictionary<string, string?> { ["Kardiaflow:Lake:Root"] = lake };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddKardiaflowComponents(configuration);
            configureSilo?.Invoke(silo);
            configureSiloWithSettings?.Invoke(silo, configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new KardiaflowTestCluster(cluster, lake);
    }

    /// <summary>Polls a job until it ends, riding out calls that fail while a silo is being declared dead.</summary>
    public async Task<JobSnapshot> WaitAsync(IIngestionJobGrain job, TimeSpan timeout, Func<JobSnapshot, Task>? onSnapshot = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var snapshot = await job.GetStatusAsync();
                if (onSnapshot is not null)
                {
                    await onSnapshot(snapshot);
                }

                if (snapshot.IsTerminal)
                {
                    return snapshot;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // A silo was killed: the grain comes back on another one.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job did not finish within {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
