using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// The ranking behind gold_high_cost_procedures (one grain, key <c>0</c>): per-procedure approved summaries in,
/// changed top-10 rows out. Idempotent per epoch like <see cref="IKpiAggregatorGrain"/>.
/// </summary>
public interface IHighCostRankingGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// <paramref name="summaries"/>: rows of <see cref="HighCostRanking.InputName"/> (procedure, approved count, approved
    /// sum). The caller never changes it after the call, so Orleans passes it without a copy inside a silo.
    /// </summary>
    Task<KpiBatchResult> ApplyAsync(long epoch, [Immutable] GoldDelta summaries);
}
