namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Persisted state of a <see cref="KpiAggregatorGrain"/>, its manifest: the last epoch folded in, which of the two slots of
/// each page holds the page's aggregates (<see cref="KpiPageState"/>, stored separately), the Gold files it owns per table
/// and page, and the result of its last epoch, kept so a replayed epoch gets the same files again (it names files, it
/// holds no rows). Writing this state is the epoch's commit point: the pages an epoch rewrote went to their other slot.
/// </summary>
[GenerateSerializer]
public sealed class KpiAggregatorState
{
    [Id(0)] public long Epoch { get; set; }

    /// <summary>Pages of this partition's Gold files, fixed at its first epoch (<see cref="GoldOptions.Pages"/> then).</summary>
    [Id(5)] public int Pages { get; set; }

    /// <summary>The files of each Gold table this partition owns, by page: exactly its rows in the committed table.</summary>
    [Id(6)] public Dictionary<string, Dictionary<int, List<GoldFile>>> Files { get; set; } = new(StringComparer.Ordinal);

    [Id(7)] public KpiBatchResult? LastResult { get; set; }

    /// <summary>The slot (0 or 1) holding each page's current aggregates; a page without an entry has none yet.</summary>
    [Id(8)] public Dictionary<int, int> PageSlots { get; set; } = [];

    /// <summary>The storage ETag of each page slot after this grain last wrote it (by slot state name).</summary>
    [Id(9)] public Dictionary<string, string?> SlotETags { get; set; } = new(StringComparer.Ordinal);
}
