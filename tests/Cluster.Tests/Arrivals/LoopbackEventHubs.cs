using Kardiaflow.EventHubs.Local;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>The project's loopback Event Hubs endpoint on a free port over a scratch folder; restartable on the same port.</summary>
internal sealed class LoopbackEventHubs : IAsyncDisposable
{
    private readonly LocalEventHubsOptions _options;

    private LoopbackEventHubs(LocalEventHubsOptions options, LocalEventHubsEndpoint endpoint)
    {
        _options = options;
        Endpoint = endpoint;
    }

    public LocalEventHubsEndpoint Endpoint { get; private set; }

    /// <summary>The namespace connection string (no entity path), as <c>ConnectionStrings:EventHubs</c>.</summary>
    public string ConnectionString => Endpoint.GetConnectionString(includeEntityPath: false);

    public static async Task<LoopbackEventHubs> StartAsync(int partitions = 4)
    {
        var options = new LocalEventHubsOptions { LocalPort = 0, PartitionCount = partitions, DataFolder = TestData.NewFolder("eventhubs") };
        var endpoint = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(options));
        await endpoint.StartAsync(CancellationToken.None);
        return new LoopbackEventHubs(options, endpoint);
    }

    /// <summary>Stops the endpoint and starts a new one over the same folder and port, as a process restart would.</summary>
    public async Task RestartAsync()
    {
        var port = Endpoint.Port;
        await Endpoint.DisposeAsync();
        _options.LocalPort = port;
        Endpoint = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(_options));
        await Endpoint.StartAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();
}
