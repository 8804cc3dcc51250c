using System.Collections.Concurrent;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>A storage that counts which objects were read, to test what a read touches rather than how long it takes.</summary>
internal sealed class CountingStorage(ILakeStorage inner) : ILakeStorage
{
    public ConcurrentQueue<string> Reads { get; } = new();

    public string Root => inner.Root;

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        Reads.Enqueue(path);
        return inner.OpenReadAsync(path, cancellationToken);
    }

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        Reads.Enqueue(path);
        return inner.ReadAllBytesAsync(path, cancellationToken);
    }

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.WriteAsync(path, content, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(path, content, cancellationToken);

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) => inner.ExistsAsync(path, cancellationToken);

    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);
}
