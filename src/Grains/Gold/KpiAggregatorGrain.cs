using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Lakehouse.Storage;
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
    ILakeStorage storage,
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
            return state.State.LastResult ?? KpiBatchResult.Empty(batch.Epoch);
        }

        if (batch.Epoch < state.State.Epoch)
        {
            return KpiBatchResult.Empty(batch.Epoch);
        }

        // The aggregates live between epochs only as their serialized bytes (the state), several times smaller than
        // the objects: at 1M patients, keeping every partition's objects as well set the process's peak.
        var kind = Kind;
        var partition = KpiPartition.FromBytes(kind, state.State.Partition);
        var facts = batch.Facts;
        var asOf = DateOnly.FromDayNumber(batch.AsOfDay);
        var settings = options.Value.Settings;
        var delta = new GoldDelta();
        if (batch.Refresh)
        {
            delta.AddRange(partition.Refresh(asOf, settings));
        }

        delta.AddRange(partition.Apply(facts, asOf, settings));

        // This partition writes its own pages of the Gold tables (on whichever silo hosts it); the coordinator only
        // commits the files. The page count is the one its files were laid out with, whatever the setting says now.
        var pages = state.State.Pages > 0 ? state.State.Pages : options.Value.Pages;
        var writes = await GoldPages.WriteAsync(storage, kind, partition, delta, pages, settings, batch.EmptyTables ?? [], CancellationToken.None);
        var result = new KpiBatchResult(batch.Epoch, CoordinatorRows(delta), [.. writes.Select(Own)]);
        state.State.Epoch = batch.Epoch;
        state.State.Partition = partition.ToBytes();
        state.State.Pages = pages;
        state.State.LastResult = result;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory already holds this epoch but the store does not: reload what the store has. The
            // files written are never committed (a replay writes its own), and vacuum removes them.
            await state.ReadStateAsync();
            throw;
        }

        LogApplied(logger, this.GetPrimaryKeyString(), batch.Epoch, facts.Count);
        return result;
    }

    /// <summary>The rows the coordinator writes itself: the approved summaries for the ranking, the encounter-match row.</summary>
    private static GoldDelta CoordinatorRows(GoldDelta delta)
    {
        var rows = new GoldDelta();
        foreach (var table in delta.Tables.Where(t => !KpiPages.IsPaged(t)))
        {
            rows.AddRows(table, delta.Upserts(table), delta.Deletes(table));
        }

        return rows;
    }

    /// <summary>Takes a table's newly written pages into the owned files; the pages' previous files become removes.</summary>
    private GoldTableFiles Own(GoldPageWrite write)
    {
        if (!state.State.Files.TryGetValue(write.Table, out var owned))
        {
            owned = [];
            state.State.Files[write.Table] = owned;
        }

        var adds = new List<GoldFile>();
        var removes = new List<GoldFile>();
        foreach (var (page, files) in write.Pages)
        {
            if (owned.Remove(page, out var previous))
            {
                removes.AddRange(previous);
            }

            if (files.Count > 0)
            {
                var added = files.Select(f => new GoldFile(f.Path, f.Size, f.ModificationTime, f.Stats)).ToList();
                owned[page] = added;
                adds.AddRange(added);
            }
        }

        var changes = write.ChangeFiles.Select(f => new GoldFile(f.Path, f.Size, 0, null)).ToList();
        return new GoldTableFiles(write.Table, adds, removes, changes, write.RowsChanged);
    }

    [LoggerMessage(EventId = GrainEventIds.KpiAggregator.Applied, Level = LogLevel.Debug, Message = "Aggregator {Partition} folded epoch {Epoch}: {Facts} change images")]
    private static partial void LogApplied(ILogger logger, string partition, long epoch, int facts);

    [LoggerMessage(EventId = GrainEventIds.KpiAggregator.Replayed, Level = LogLevel.Information, Message = "Aggregator {Partition} replayed epoch {Epoch} from its stored result")]
    private static partial void LogReplayed(ILogger logger, string partition, long epoch);
}
