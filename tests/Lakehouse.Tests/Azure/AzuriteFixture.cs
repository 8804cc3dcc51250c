using Azure.Storage.Blobs;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Azure;

/// <summary>A private Azurite (Blob service only) for a test class, started and killed by the shared <see cref="AzuriteProcess"/>.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public int Port => _azurite?.BlobPort ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    /// <summary>A fresh container, so tests sharing the instance never see each other's blobs.</summary>
    public async Task<AzureBlobLakeStorage> NewStorageAsync(string? rootPrefix = null)
    {
        var container = new BlobContainerClient(ConnectionString, "t" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        return new AzureBlobLakeStorage(container, rootPrefix);
    }

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(withTables: false);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
