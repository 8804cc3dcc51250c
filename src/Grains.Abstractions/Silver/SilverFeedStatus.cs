namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// Progress of a Silver feed. <paramref name="ConsumedVersion"/>: the last Bronze version whose changes are in every
/// table the feed writes (-1 before the first). Row counts are totals over the versions consumed: read from the change
/// feed, dropped for a null key, ignored as a later duplicate (feedback), superseded by a later row of the same batch.
/// <paramref name="FailedAttempts"/>: batch attempts that failed since the feed's activation (each is retried, up to 5
/// times in a row); <paramref name="LastError"/> is the failure of the latest attempt, null once one succeeds.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SilverFeedStatus(
    [property: Id(0)] string BronzeTable,
    [property: Id(1)] string SilverTable,
    [property: Id(2)] long ConsumedVersion,
    [property: Id(3)] long RowsRead,
    [property: Id(4)] long NullKeysDropped,
    [property: Id(5)] long DuplicatesIgnored,
    [property: Id(6)] long Superseded,
    [property: Id(7)] string? LastError,
    [property: Id(8)] int FailedAttempts);
