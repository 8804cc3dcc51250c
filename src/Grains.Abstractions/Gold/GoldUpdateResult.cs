namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// What a Gold update did: the epoch now in the Gold tables, the Silver versions consumed up to (inclusive), the
/// change-feed rows read, the Gold rows upserted or deleted per table, and the newest enqueued time among the streamed
/// events the Gold tables reflect. <paramref name="EpochsRun"/> is 0 when the update found Gold already caught up with
/// Silver (the other values then describe the last epoch that ran).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GoldUpdateResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] IReadOnlyDictionary<string, long> SilverVersions,
    [property: Id(2)] long FactsRead,
    [property: Id(3)] IReadOnlyDictionary<string, long> RowsChanged,
    [property: Id(4)] DateTime? NewestInputEnqueuedUtc = null,
    [property: Id(5)] int EpochsRun = 0)
{
    /// <summary>
    /// Freshness of every Gold table (they are committed together, one epoch at a time): the time since the newest
    /// streamed event they reflect was enqueued; null before any streamed event reached Gold.
    /// </summary>
    public TimeSpan? FreshnessAt(DateTime utcNow) => utcNow - NewestInputEnqueuedUtc;
}
