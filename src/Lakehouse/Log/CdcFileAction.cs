namespace Kardiaflow.Lakehouse.Log;

/// <summary>The <c>cdc</c> action: a file under <c>_change_data/</c> holding rows with a <c>_change_type</c> column.</summary>
public sealed record CdcFileAction(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    bool DataChange = false,
    IReadOnlyDictionary<string, string>? Tags = null) : DeltaAction;
