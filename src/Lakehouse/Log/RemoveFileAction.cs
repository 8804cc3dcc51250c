namespace Kardiaflow.Lakehouse.Log;

/// <summary>The <c>remove</c> action (a tombstone; the file stays until vacuum).</summary>
public sealed record RemoveFileAction(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata = null,
    IReadOnlyDictionary<string, string?>? PartitionValues = null,
    long? Size = null,
    DeletionVectorDescriptor? DeletionVector = null) : DeltaAction;
