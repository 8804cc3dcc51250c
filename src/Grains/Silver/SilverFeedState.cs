namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Persisted state of <see cref="SilverFeedGrain"/>: row counts per consumed batch of Bronze versions (or per version consumed in
/// slices, summed over them), keyed by its last version so that re-processing a batch overwrites its entry instead of adding to it, and the batch being processed.
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

    /// <summary>
    /// When the batch is one Bronze version consumed in slices (docs/adr/silver-version-slices.md): the data files it
    /// added, in arrival order, recorded with the batch so that a redo cuts the same slices. Empty otherwise.
    /// </summary>
    [Id(3)] public List<string> SliceFiles { get; set; } = [];

    /// <summary>The end (exclusive index into <see cref="SliceFiles"/>) of each slice.</summary>
    [Id(4)] public List<int> SliceEnds { get; set; } = [];

    /// <summary>The counts of each slice done, by slice index; <see cref="Counts"/> holds their sum under the version.</summary>
    [Id(5)] public Dictionary<int, VersionCounts> SliceCounts { get; set; } = [];
}
