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

    /// <summary>The aggregates as JSON, as older versions stored them: read once, then replaced by <see cref="Partition"/>.</summary>
    [Id(1)] public string? LegacyPartition { get; set; }

    /// <summary>The last epoch's delta as JSON, as older versions stored it.</summary>
    [Id(2)] public string? LegacyDelta { get; set; }

    /// <summary><see cref="KpiPartition.ToBytes"/> of the aggregates.</summary>
    [Id(3)] public byte[]? Partition { get; set; }

    [Id(4)] public GoldDelta? LastDelta { get; set; }
}
