namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Persisted state of a <see cref="KpiAggregatorGrain"/>: the last epoch folded in, the partition's aggregates (JSON of
/// the Pipeline's partition type) and the Gold delta that epoch produced, kept so a replayed epoch gets it again.
/// </summary>
[GenerateSerializer]
public sealed class KpiAggregatorState
{
    [Id(0)] public long Epoch { get; set; }

    [Id(1)] public string? Partition { get; set; }

    [Id(2)] public string? LastDelta { get; set; }
}
