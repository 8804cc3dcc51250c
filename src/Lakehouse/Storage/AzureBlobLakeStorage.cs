using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Kardiaflow.Lakehouse.Storage;

/// <summary>
/// <see cref="ILakeStorage"/> on an Azure Blob container (flat or ADLS Gen2 hierarchical namespace), optionally under a
/// path prefix inside the container. Commits rely on the service's conditional create: an upload with
/// <c>If-None-Match: *</c> fails with 409/412 when the blob exists, so exactly one of several racing writers wins.
/// </summary>
public sealed class AzureBlobLakeStorage : ILakeStorage
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    /// <param name="container">The container; it must exist (see <see cref="CreateContainerIfNotExistsAsync"/>).</param>
    /// <param name="rootPrefix">A folder inside the container that acts as the storage root, or null for the container root.</param>
    public AzureBlobLakeStorage(BlobContainerClient container, string? rootPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        var trimmed = (rootPrefix ?? string.Empty).Trim('/');
        _prefix = trimmed.Length == 0 ? string.Empty : trimmed + "/";
    }

    /// <summary>Builds the storage from a connection string (Azurite's included) and a container name.</summary>
    public AzureBlobLakeStorage(string connectionString, string containerName, string? rootPrefix = null)
        : this(new BlobContainerClient(connectionString, containerName), rootPrefix)
    {
    }

    public string Root => _prefix.Length == 0 ? _container.Uri.ToString() : $"{_container.Uri}/{_prefix.TrimEnd('/')}";

    /// <summary>Creates the container when it does not exist yet (idempotent).</summary>
    public async Task CreateContainerIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // A seekable, lazily buffered stream: Parquet readers seek to the footer first.
            return await Blob(path).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 * 1024 * 1024 }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw NotFound(path, e);
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Blob(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw NotFound(path, e);
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Single-shot or block upload: either way the blob becomes visible only when the whole content is committed.
        await Blob(path).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await Blob(path).UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var response = await Blob(path).ExistsAsync(cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public async IAsyncEnumerable<StorageEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The service lists in UTF-8 byte order; the contract promises ordinal order, so sort rather than trust it.
        var entries = new List<StorageEntry>();
        var pages = _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, _prefix + prefix, cancellationToken);
        await foreach (var item in pages.ConfigureAwait(false))
        {
            // Hierarchical-namespace accounts list directories as empty marker blobs.
            if (item.Metadata is { } metadata && metadata.TryGetValue("hdi_isfolder", out var isFolder)
                && string.Equals(isFolder, "true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var size = item.Properties.ContentLength ?? 0;
            var modified = item.Properties.LastModified ?? DateTimeOffset.MinValue;
            entries.Add(new StorageEntry(item.Name[_prefix.Length..], size, modified));
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        await Blob(path).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private BlobClient Blob(string path)
    {
        if (path.Length == 0 || path[0] == '/')
        {
            throw new ArgumentException($"Storage paths are relative and non-empty; got '{path}'.", nameof(path));
        }

        return _container.GetBlobClient(_prefix + path);
    }

    private FileNotFoundException NotFound(string path, Exception inner) =>
        new($"The object '{path}' does not exist in {Root}.", path, inner);
}
