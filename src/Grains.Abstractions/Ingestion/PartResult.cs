using Kardiaflow.Grains.Abstractions.Tables;

namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// The data files one part wrote (uncommitted) and its counts. <paramref name="FileError"/> is set when the file cannot be
/// read at all (it fails alone, with a message naming the file and never a value); nothing of it will be committed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PartResult(
    [property: Id(0)] IReadOnlyList<DataFileInfo> BronzeFiles,
    [property: Id(1)] IReadOnlyList<DataFileInfo> QuarantineFiles,
    [property: Id(2)] long RowsRead,
    [property: Id(3)] long BronzeRows,
    [property: Id(4)] long QuarantinedRows,
    [property: Id(5)] string? FileError);
