using Kardiaflow.EventHubs.Local;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>A started endpoint on a free loopback port over a scratch folder, deleted on dispose.</summary>
internal sealed class LocalEndpoint : IAsyncDisposable
{
    private LocalEndpoint(LocalEventHubsOptions options, LocalEventHubsEndpoint endpoint)
    {
        Options = options;
        Endpoint = endpoint;
    }

    public LocalEventHubsOptions Options { get; }

    public LocalEventHubsEndpoint Endpoint { get; private set; }

    public string ConnectionString => Endpoint.GetConnectionString();

    public static async Task<LocalEndpoint> StartAsync(int partitionCount = 4, string hub = "arrivals", Action<LocalEventHubsOptions>? configure = null)
    {
        var options = new LocalEventHubsOptions
        {
            LocalPort = 0,
            Hub = hub,
            PartitionCount = partitionCount,
            DataFolder = Path.Combine(Path.GetTempPath(), "kardiaflow-eh-" + Guid.NewGuid().ToString("N")),
        };
        configure?.Invoke(options);
        var endpoint = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(options));
        await endpoint.StartAsync(CancellationToken.None);
        return new LocalEndpoint(options, endpoint);
    }

    /// <summary>Stops the endpoint and starts a new one over the same folder on the same port, as a process restart would.</summary>
    public async Task RestartAsync()
    {
        var port = Endpoint.Port;
        await Endpoint.DisposeAsync();
        Options.LocalPort = port;
        Endpoint = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(Options));
        await Endpoint.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        try
        {
            Directory.Delete(Options.DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
