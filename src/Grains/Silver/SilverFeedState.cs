namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Persisted state of <see cref="SilverFeedGrain"/>: row counts per consumed Bronze version, keyed by version so that
/// re-processing a version overwrites its entry instead of adding to it. The cursor is not here: it is the Delta txn of
/// the tables the feed writes.
/// </summary>
[GenerateSerializer]
public sealed class SilverFeedState
{
    [Id(0)] public Dictionary<long, VersionCounts> Counts { get; set; } = [];
}
