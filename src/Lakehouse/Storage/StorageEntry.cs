namespace Kardiaflow.Lakehouse.Storage;

/// <summary>One object found by <see cref="ILakeStorage.ListAsync"/>: its path relative to the storage root, size and last write time.</summary>
public sealed record StorageEntry(string Path, long Size, DateTimeOffset LastModified);
