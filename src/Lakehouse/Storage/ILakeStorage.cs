namespace Kardiaflow.Lakehouse.Storage;

/// <summary>
/// The storage contract every Delta operation is written against.
///
/// Paths are relative to the storage root, use '/' as the separator, are never URI-encoded here (callers decode log
/// paths once, see <c>DeltaPath</c>) and never start with '/'. A path names a whole object; there are no directories
/// beyond the prefixes of object paths.
///
/// Reads see every write that completed before they started (read-after-write). An object is written whole or not at
/// all: a reader never sees a partly written object under its final name. Implementations write data to a temporary
/// name (a local file in a hidden temp file, a blob by block upload) and make it visible in one step.
///
/// <see cref="PutIfAbsentAsync"/> is the one primitive that makes commits safe: of several writers racing to create the
/// same path, exactly one succeeds and the others get false, on every implementation (local files: exclusive create of
/// the final name after the content is complete — hard link or rename-without-replace; Azure Blob/ADLS Gen2: upload with
/// <c>If-None-Match: *</c>, where 409/412 means "exists"). It is never emulated by "check, then write".
///
/// <see cref="ListAsync"/> returns the objects whose path starts with the prefix, sorted by ordinal path, including
/// objects in "sub-folders"; it may include objects created after the listing began.
///
/// Errors: a missing object raises <see cref="FileNotFoundException"/> with the path in the message; every other failure
/// surfaces as the underlying I/O exception. Cancellation is honoured between I/O calls.
/// </summary>
public interface ILakeStorage
{
    /// <summary>A human-readable root (a folder, or a container URI) for messages.</summary>
    string Root { get; }

    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes an object, replacing any object already at the path.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Creates the object only if nothing exists at the path; false when it already existed.</summary>
    Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; no error when it does not exist.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);
}
