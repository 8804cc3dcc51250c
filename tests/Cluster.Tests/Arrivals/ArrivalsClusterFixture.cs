namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>A two-silo cluster shared by the arrival tests of one class (each test uses its own hub name).</summary>
public sealed class ArrivalsClusterFixture : IAsyncLifetime
{
    private KardiaflowTestCluster? _cluster;

    internal KardiaflowTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _cluster = await KardiaflowTestCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
