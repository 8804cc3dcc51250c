using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>Persisted state of <see cref="HighCostRankingGrain"/> (see <see cref="KpiAggregatorState"/>).</summary>
[GenerateSerializer]
public sealed class HighCostRankingState
{
    [Id(0)] public long Epoch { get; set; }

    /// <summary>The per-procedure summaries as JSON (a few hundred procedures: not worth a binary form).</summary>
    [Id(1)] public string? Ranking { get; set; }

    [Id(3)] public GoldDelta? LastDelta { get; set; }
}
