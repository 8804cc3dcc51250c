namespace Kardiaflow.Grains.Gold;

/// <summary>Persisted state of <see cref="HighCostRankingGrain"/> (see <see cref="KpiAggregatorState"/>).</summary>
[GenerateSerializer]
public sealed class HighCostRankingState
{
    [Id(0)] public long Epoch { get; set; }

    [Id(1)] public string? Ranking { get; set; }

    [Id(2)] public string? LastDelta { get; set; }
}
