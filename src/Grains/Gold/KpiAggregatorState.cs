using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Persisted state of a <see cref="KpiAggregatorGrain"/>: the last epoch folded in, the partition's aggregates (the
/// Pipeline partition's own binary form) and the Gold delta that epoch produced, kept so a replayed epoch gets it again.
/// </summary>
[GenerateSerializer]
public sealed class KpiAggregatorState
{
    [Id(0)] public long Epoch { get; set; }

    /// <summary><see cref="KpiPartition.ToBytes"/> of the aggregates.</summary>
    [Id(3)] public byte[]? Partition { get; set; }

    [Id(4)] public GoldDelta? LastDelta { get; set; }
}
