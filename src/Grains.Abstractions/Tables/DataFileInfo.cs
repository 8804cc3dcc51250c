namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// A Parquet data file written into a table's folder but not yet committed: what the table's <c>add</c> action will say.
/// <paramref name="Path"/> is relative to the table root, as in the Delta log; <paramref name="Stats"/> is the raw JSON
/// statistics string.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DataFileInfo(
    [property: Id(0)] string Path,
    [property: Id(1)] long Size,
    [property: Id(2)] long ModificationTime,
    [property: Id(3)] string? Stats,
    [property: Id(4)] IReadOnlyDictionary<string, string?> PartitionValues);
