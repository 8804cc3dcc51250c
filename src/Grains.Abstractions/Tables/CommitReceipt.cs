namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// What a commit did. <paramref name="Version"/> is the table version that now holds the files of
/// <paramref name="CommittedAppIds"/> (null when nothing new was committed). <paramref name="AlreadyCommitted"/> maps the
/// application ids that were in the table before (a retry, or the same file submitted twice) to the <c>txn</c> version
/// they were committed with; they were not added again.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CommitReceipt(
    [property: Id(0)] long? Version,
    [property: Id(1)] IReadOnlyList<string> CommittedAppIds,
    [property: Id(2)] IReadOnlyDictionary<string, long> AlreadyCommitted);
