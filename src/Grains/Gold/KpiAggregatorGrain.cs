using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;

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

    private IGrainStorage? _pageStorage;

    /// <summary>The grain storage the manifest lives in; each page's aggregates are a state of their own there.</summary>
    private IGrainStorage PageStorage => _pageStorage ??= ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

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

        try
        {
            var result = await FoldAsync(batch);
            await state.WriteStateAsync();
            LogApplied(logger, this.GetPrimaryKeyString(), batch.Epoch, batch.Facts.Count);
            return result;
        }
        catch
        {
            // The manifest in memory may already hold this epoch but the store does not: reload what the store has. The
            // page slots and Gold files written are never referenced (a replay writes its own), and vacuum removes the files.
            // A fresh object first: when nothing was ever stored, reading leaves the in-memory state as it is, and the
            // failed attempt's files would be taken for committed ones.
            state.State = new KpiAggregatorState();
            await state.ReadStateAsync();
            throw;
        }
    }

    /// <summary>
    /// Folds the epoch one page at a time: the page's aggregates are read, the page's facts folded in, its changed Gold
    /// pages written, and its aggregates stored in the page's other slot. Memory holds one page, and an epoch reads and
    /// writes only the pages its facts touch (every page on a new day, when the patients' date-dependent rows move).
    /// </summary>
    private async Task<KpiBatchResult> FoldAsync(KpiBatch batch)
    {
        // The page count is the one this partition's files and state were laid out with, whatever the setting says now.
        var kind = Kind;
        var pages = state.State.Pages > 0 ? state.State.Pages : options.Value.Pages;
        var asOf = DateOnly.FromDayNumber(batch.AsOfDay);
        var settings = options.Value.Settings;
        var byPage = KpiPageRouter.Split(kind, batch.Facts, pages);
        var work = new SortedSet<int>(byPage.Keys);
        if (batch.Refresh)
        {
            work.UnionWith(state.State.PageSlots.Keys);
        }

        var coordinatorRows = new GoldDelta();
        var files = new List<GoldTableFiles>();
        var slots = new Dictionary<int, int>();
        foreach (var page in work)
        {
            var partition = await LoadPageAsync(kind, page);
            var delta = new GoldDelta();
            if (batch.Refresh)
            {
                delta.AddRange(partition.Refresh(asOf, settings));
            }

            delta.AddRange(partition.Apply(byPage.GetValueOrDefault(page) ?? KpiFacts.Empty, asOf, settings));

            // This partition writes its own pages of the Gold tables (on whichever silo hosts it); the coordinator only
            // commits the files.
            foreach (var write in await GoldPages.WriteAsync(storage, kind, partition, delta, pages, settings, batch.EmptyTables ?? [], HasFiles, CancellationToken.None))
            {
                files.Add(Own(write));
            }

            coordinatorRows.AddRange(CoordinatorRows(delta));
            slots[page] = await SavePageAsync(page, partition.ToBytes());
        }

        var result = new KpiBatchResult(batch.Epoch, coordinatorRows, files);
        foreach (var (page, slot) in slots)
        {
            state.State.PageSlots[page] = slot;
        }

        state.State.Epoch = batch.Epoch;
        state.State.Pages = pages;
        state.State.LastResult = result;
        return result;
    }

    private bool HasFiles(string table, int page) => state.State.Files.TryGetValue(table, out var owned) && owned.ContainsKey(page);

    private static string SlotName(int page, int slot) => $"kpi-page-{page}-{slot}";

    private async Task<KpiPartition> LoadPageAsync(KpiKind kind, int page)
    {
        if (!state.State.PageSlots.TryGetValue(page, out var slot))
        {
            return KpiPartition.Create(kind);
        }

        var stored = new GrainState<KpiPageState>(new KpiPageState());
        await PageStorage.ReadStateAsync(SlotName(page, slot), this.GetGrainId(), stored);
        if (!stored.RecordExists)
        {
            throw new InvalidOperationException(
                $"Gold aggregator {this.GetPrimaryKeyString()} has lost the state of its page {page}; run `kardiaflow rebuild` to rebuild Gold.");
        }

        return KpiPartition.FromBytes(kind, stored.State?.Data);
    }

    /// <summary>Stores a page's aggregates in the slot its manifest does not point to; returns that slot.</summary>
    private async Task<int> SavePageAsync(int page, byte[] data)
    {
        var slot = state.State.PageSlots.TryGetValue(page, out var current) ? 1 - current : 0;
        var name = SlotName(page, slot);
        var grainId = this.GetGrainId();
        var stored = new GrainState<KpiPageState>(new KpiPageState { Data = data }) { ETag = state.State.SlotETags.GetValueOrDefault(name) };
        try
        {
            await PageStorage.WriteStateAsync(name, grainId, stored);
        }
        catch (InconsistentStateException)
        {
            // An earlier attempt at this epoch wrote the slot and never reached its manifest: take the slot's version.
            var found = new GrainState<KpiPageState>(new KpiPageState());
            await PageStorage.ReadStateAsync(name, grainId, found);
            stored.ETag = found.ETag;
            await PageStorage.WriteStateAsync(name, grainId, stored);
        }

        state.State.SlotETags[name] = stored.ETag;
        return slot;
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
