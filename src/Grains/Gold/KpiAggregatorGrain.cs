using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// An aggregator partition: folds weighted Silver change images into the KPI aggregates of the grouping keys it owns.
/// </summary>
/// <remarks>
/// Concurrency and exactly-once: the grain is not reentrant, so batches apply one at a time. The coordinator sends
/// epochs in increasing order and replays an unfinished epoch after a crash. The new aggregates, the epoch number and
/// the epoch's resulting delta are written in one state write, so an epoch is either fully folded in (a replay returns
/// the stored delta without folding again) or not at all (a replay folds it). The Delta txn on the Gold commits then
/// makes writing the delta exactly-once too.
/// </remarks>
[GrainType(GoldGrainTypes.Aggregator)]
// Spread by key over the silos (a stable hash of the grain id), not by momentary load: a cluster of N silos runs the
// parts and partitions N ways (docs/adr/azure-profile-storage.md).
[HashBasedPlacement]
public sealed partial class KpiAggregatorGrain(
    [PersistentState("kpi-aggregator", GrainStorageNames.Default)] IPersistentState<KpiAggregatorState> state,
    IOptions<GoldOptions> options,
    ILogger<KpiAggregatorGrain> logger) : Grain, IKpiAggregatorGrain
{
    private KpiKind Kind => Enum.Parse<KpiKind>(this.GetPrimaryKeyString().Split('/')[0]);

    public async Task<KpiBatchResult> ApplyAsync(KpiBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Epoch == state.State.Epoch)
        {
            LogReplayed(logger, this.GetPrimaryKeyString(), batch.Epoch);
            return new KpiBatchResult(batch.Epoch, state.State.LastDelta ?? new GoldDelta());
        }

        if (batch.Epoch < state.State.Epoch)
        {
            return new KpiBatchResult(batch.Epoch, new GoldDelta());
        }

        // The aggregates live between epochs only as their serialized bytes (the state), several times smaller than
        // the objects: at 1M patients, keeping every partition's objects as well set the process's peak.
        var partition = KpiPartition.FromBytes(Kind, state.State.Partition);
        var facts = batch.Facts;
        var asOf = DateOnly.FromDayNumber(batch.AsOfDay);
        var settings = options.Value.Settings;
        var delta = new GoldDelta();
        if (batch.Refresh)
        {
            delta.AddRange(partition.Refresh(asOf, settings));
        }

        delta.AddRange(partition.Apply(facts, asOf, settings));
        state.State.Epoch = batch.Epoch;
        state.State.Partition = partition.ToBytes();
        state.State.LastDelta = delta;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory already holds this epoch but the store does not: reload what the store has.
            await state.ReadStateAsync();
            throw;
        }

        LogApplied(logger, this.GetPrimaryKeyString(), batch.Epoch, facts.Count);
        return new KpiBatchResult(batch.Epoch, delta);
    }

    [LoggerMessage(EventId = GrainEventIds.KpiAggregator.Applied, Level = LogLevel.Debug, Message = "Aggregator {Partition} folded epoch {Epoch}: {Facts} change images")]
    private static partial void LogApplied(ILogger logger, string partition, long epoch, int facts);

    [LoggerMessage(EventId = GrainEventIds.KpiAggregator.Replayed, Level = LogLevel.Information, Message = "Aggregator {Partition} replayed epoch {Epoch} from its stored result")]
    private static partial void LogReplayed(ILogger logger, string partition, long epoch);
}
