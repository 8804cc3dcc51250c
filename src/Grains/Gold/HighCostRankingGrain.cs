using System.Text.Json;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Keeps every procedure's approved summary and the top-10 of gold_high_cost_procedures.
/// Concurrency and exactly-once as <see cref="KpiAggregatorGrain"/>: not reentrant; ranking, epoch and the epoch's
/// delta are written together, so a replayed epoch returns the stored delta.
/// </summary>
[GrainType(GoldGrainTypes.Ranking)]
public sealed class HighCostRankingGrain(
    [PersistentState("high-cost-ranking", GrainStorageNames.Default)] IPersistentState<HighCostRankingState> state,
    IOptions<GoldOptions> options) : Grain, IHighCostRankingGrain
{
    public async Task<KpiBatchResult> ApplyAsync(long epoch, GoldDelta summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        if (epoch == state.State.Epoch)
        {
            return new KpiBatchResult(epoch, state.State.LastDelta ?? new GoldDelta(), []);
        }

        if (epoch < state.State.Epoch)
        {
            return KpiBatchResult.Empty(epoch);
        }

        var ranking = string.IsNullOrEmpty(state.State.Ranking)
            ? new HighCostRanking()
            : JsonSerializer.Deserialize<HighCostRanking>(state.State.Ranking) ?? new HighCostRanking();
        var delta = ranking.Apply(summaries.Upserts(HighCostRanking.InputName), options.Value.Settings);
        state.State.Epoch = epoch;
        state.State.Ranking = JsonSerializer.Serialize(ranking);
        state.State.LastDelta = delta;
        await state.WriteStateAsync();
        return new KpiBatchResult(epoch, delta, []);
    }
}
