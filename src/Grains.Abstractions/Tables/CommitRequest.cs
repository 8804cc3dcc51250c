namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// Files to commit together, in the given order (a dataset's files in lexicographic order of relative path).
/// <paramref name="CommitTimestamp"/> is the UTC time the rows' <c>_ingest_ts</c> already carries; the commit records it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CommitRequest(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DateTime CommitTimestamp,
    [property: Id(2)] IReadOnlyList<FileCommit> Files);
