namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Persisted state of <see cref="SilverFeedGrain"/>: row counts per consumed batch of Bronze versions, keyed by its last
/// version so that re-processing a batch overwrites its entry instead of adding to it, and the batch being processed.
/// The cursor is not here: it is the Delta txn of the tables the feed writes.
/// </summary>
[GenerateSerializer]
public sealed class SilverFeedState
{
    [Id(0)] public Dictionary<long, VersionCounts> Counts { get; set; } = [];

    /// <summary>
    /// The batch started last (first and last Bronze version). A redo after a crash takes the same batch, whatever
    /// Bronze has committed since: the txn is keyed by the batch's last version.
    /// </summary>
    [Id(1)] public long BatchFrom { get; set; } = -1;

    [Id(2)] public long BatchTo { get; set; } = -1;
}
