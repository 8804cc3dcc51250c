namespace Kardiaflow.Silo.AzureStorage;

/// <summary>
/// Runs <see cref="AzureStoragePreflight"/> when the host starts, in the "starting" phase that every hosted service
/// completes before any is started, so the checks come before the silo initialises its membership table and storage.
/// </summary>
internal sealed class AzureStoragePreflightService(AzureStorageClients clients, string lakeContainer) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => AzureStoragePreflight.RunAsync(clients, lakeContainer, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
