namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// The ranking behind gold_high_cost_procedures (one grain, key <c>0</c>): per-procedure approved summaries in,
/// changed top-10 rows out. Idempotent per epoch like <see cref="IKpiAggregatorGrain"/>.
/// </summary>
public interface IHighCostRankingGrain : IGrainWithIntegerKey
{
    /// <summary><paramref name="summariesJson"/>: a Gold delta JSON whose rows are procedure, approved count, approved sum.</summary>
    Task<KpiBatchResult> ApplyAsync(long epoch, string summariesJson);
}
