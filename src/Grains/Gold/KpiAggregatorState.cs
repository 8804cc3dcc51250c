using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Persisted state of a <see cref="KpiAggregatorGrain"/>: the last epoch folded in, the partition's aggregates (the
/// Pipeline partition's own binary form), the Gold files it owns per table and page, and the result of its last epoch,
/// kept so a replayed epoch gets the same files again. The result names files, it holds no rows.
/// </summary>
[GenerateSerializer]
public sealed class KpiAggregatorState
{
    [Id(0)] public long Epoch { get; set; }

    /// <summary><see cref="KpiPartition.ToBytes"/> of the aggregates.</summary>
    [Id(3)] public byte[]? Partition { get; set; }

    /// <summary>Pages of this partition's Gold files, fixed at its first epoch (<see cref="GoldOptions.Pages"/> then).</summary>
    [Id(5)] public int Pages { get; set; }

    /// <summary>The files of each Gold table this partition owns, by page: exactly its rows in the committed table.</summary>
    [Id(6)] public Dictionary<string, Dictionary<int, List<GoldFile>>> Files { get; set; } = new(StringComparer.Ordinal);

    [Id(7)] public KpiBatchResult? LastResult { get; set; }
}
