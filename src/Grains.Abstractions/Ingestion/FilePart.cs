namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// One part of a file as the Pipeline's planner cut it (its <c>FilePart</c>, carried over the wire): part
/// <paramref name="Index"/> of <paramref name="Count"/>, covering [<paramref name="Start"/>, <paramref name="End"/>) in the
/// planner's <paramref name="Unit"/> (the numeric value of <c>Kardiaflow.Pipeline.Ingestion.FilePartUnit</c>: whole file,
/// bytes or Parquet row groups), first record at 1-based row <paramref name="FirstRow"/>, planned for a file of
/// <paramref name="FileLength"/> bytes. <paramref name="Bytes"/> is about how much input the part covers, for progress.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FilePart(
    [property: Id(0)] int Index,
    [property: Id(1)] int Count,
    [property: Id(2)] int Unit,
    [property: Id(3)] long Start,
    [property: Id(4)] long End,
    [property: Id(5)] long FirstRow,
    [property: Id(6)] long FileLength,
    [property: Id(7)] long Bytes);
