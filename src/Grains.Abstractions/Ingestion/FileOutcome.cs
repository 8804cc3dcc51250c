namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>One file of a submission as the submitter sees it. Counts are records, never values.</summary>
[GenerateSerializer, Immutable]
public sealed record FileOutcome(
    [property: Id(0)] string Dataset,
    [property: Id(1)] string RelativePath,
    [property: Id(2)] FileStatus Status,
    [property: Id(3)] long RowsRead,
    [property: Id(4)] long BronzeRows,
    [property: Id(5)] long QuarantinedRows,
    [property: Id(6)] long? CommitVersion,
    [property: Id(7)] string? Error);
