namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// The <c>add</c> action. <see cref="Path"/> is exactly as in the log (URI-encoded, relative to the table root
/// unless absolute); decode it once with <see cref="DeltaPath.Decode"/> before touching storage.
/// <see cref="PartitionValues"/> hold the serialized partition strings (null for a null partition).
/// <see cref="Stats"/> is the raw JSON statistics string, when present.
/// </summary>
public sealed record AddFileAction(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    DeletionVectorDescriptor? DeletionVector = null) : DeltaAction;
