using System.Diagnostics;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// The Gold coordinator: one epoch per update. Reads each followed Silver table's change feed from its cursor to the
/// version fixed for the epoch, routes the weighted images to the aggregator partitions, ranks the high-cost
/// procedures, and merges the changed rows into the Gold tables with <c>txn(kardiaflow-gold, epoch)</c>.
/// </summary>
/// <remarks>
/// Exactly-once: the epoch's end versions are persisted before any aggregator is called; aggregators apply an epoch
/// once and replay its stored delta; the Gold commits carry the epoch as Delta txn; the cursors move only after every
/// Gold table has the epoch. A crash anywhere leaves the epoch pending, and the next update replays it identically.
/// Concurrency: the grain is not reentrant, so updates run one at a time; it is the only writer of the Gold tables.
/// Streamed arrivals: the Silver feeds call <see cref="SilverAdvancedAsync"/> (one-way) after consuming Bronze versions;
/// a grain timer of period <see cref="GoldOptions.UpdateInterval"/> then runs the update. The timer does not interleave,
/// so its update queues with the calls like one more <see cref="UpdateAsync"/> and never overlaps one.
/// </remarks>
[GrainType(GoldGrainTypes.Coordinator)]
public sealed partial class GoldGrain(
    [PersistentState("gold", GrainStorageNames.Default)] IPersistentState<GoldState> state,
    ILakeStorage storage,
    IOptions<GoldOptions> options,
    ILogger<GoldGrain> logger) : Grain, IGoldGrain
{
    public const string AppId = "kardiaflow-gold";

    /// <summary>
    /// The aggregators' layout: 2 = aggregator-owned Gold files per page (docs/adr/gold-proportional-epochs.md). Gold built
    /// by another layout is refused rather than misread.
    /// </summary>
    public const int Layout = 2;

    private IGrainTimer? _timer;

    /// <summary>A Silver table may have moved since the last update began (set by the feeds, and once on activation).</summary>
    private bool _silverAdvanced;

    private GoldState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Silver may have moved while no activation listened (a restart, a failover): look once at the first tick.
        _silverAdvanced = true;
        EnsureTimer();
        return Task.CompletedTask;
    }

    public Task<GoldUpdateResult> GetStatusAsync() => Task.FromResult(Result());

    public Task SilverAdvancedAsync()
    {
        _silverAdvanced = true;
        EnsureTimer();
        return Task.CompletedTask;
    }

    public Task<GoldUpdateResult> UpdateAsync() => UpdateCoreAsync(CancellationToken.None);

    private void EnsureTimer()
    {
        var interval = options.Value.UpdateInterval;
        if (_timer is null && interval > TimeSpan.Zero)
        {
            // Not KeepAlive: an idle coordinator may deactivate; the next feed notification activates it again.
            _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = false });
        }
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        if (!_silverAdvanced)
        {
            return;
        }

        try
        {
            // PlanEpochAsync reads only the Silver tables' current versions: a tick without Silver changes costs no rescan.
            var before = State.Epoch;
            var result = await UpdateCoreAsync(cancellationToken);
            if (result.Epoch != before)
            {
                LogTimedUpdate(logger, result.Epoch);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The epoch stays pending (or unplanned): the next tick tries again.
            _silverAdvanced = true;
            LogTimedUpdateFailed(logger, e);
        }
    }

    private async Task<GoldUpdateResult> UpdateCoreAsync(CancellationToken cancellationToken)
    {
        // Cleared before the versions are read: a Silver commit after this point notifies again and is caught next tick.
        _silverAdvanced = false;
        EnsureSameBuckets();
        var writer = new GoldWriter(storage);
        await writer.EnsureTablesAsync(cancellationToken);
        // Taken before the Silver versions are read: what the feeds have consumed is in Silver now, so in this update.
        var watermark = await StreamedInputWatermarkAsync();
        // Epochs until Gold has caught up: each folds at most MaxChangesPerEpoch change rows (see PlanEpochAsync).
        long facts = 0;
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var epochs = 0;
        while (State.PendingEpoch is not null || await PlanEpochAsync(cancellationToken))
        {
            await RunEpochAsync(writer, cancellationToken);
            epochs++;
            facts += State.FactsRead;
            foreach (var (table, changed) in State.RowsChanged)
            {
                rows[table] = rows.GetValueOrDefault(table) + changed;
            }
        }

        if (watermark > State.NewestInputEnqueuedUtc || (watermark is not null && State.NewestInputEnqueuedUtc is null))
        {
            State.NewestInputEnqueuedUtc = watermark;
            await state.WriteStateAsync();
        }

        if (epochs > 1)
        {
            // The status reports the whole update, not its last epoch.
            State.FactsRead = facts;
            State.RowsChanged = rows;
            await state.WriteStateAsync();
        }

        return Result() with { EpochsRun = epochs };
    }

    /// <summary>
    /// Gold goes on only with the bucket count (and layout) it was built with: another count routes keys to aggregators
    /// that never saw them, and Gold would go wrong without a word. A first epoch records them (with its plan's state write).
    /// </summary>
    private void EnsureSameBuckets()
    {
        var buckets = options.Value.Buckets;
        if (State.Epoch == 0 && State.PendingEpoch is null)
        {
            State.Buckets = buckets;
            State.Layout = Layout;
            return;
        }

        if (State.Layout != Layout)
        {
            throw new InvalidOperationException(
                $"This lake's Gold was built by an older Kardiaflow (Gold layout {State.Layout}, this one writes {Layout}); run `kardiaflow rebuild` to rebuild Gold.");
        }

        if (State.Buckets != buckets)
        {
            throw new InvalidOperationException(
                $"Kardiaflow:Gold:Buckets is {buckets} but this lake's Gold was built with {State.Buckets}; set Kardiaflow:Gold:Buckets={State.Buckets} again, or run `kardiaflow rebuild` to rebuild Gold with {buckets}.");
        }
    }

    /// <summary>The newest enqueued time among the streamed events the Silver feeds have consumed (Gold's freshness).</summary>
    private async Task<DateTime?> StreamedInputWatermarkAsync()
    {
        var statuses = await Task.WhenAll(Kardiaflow.Pipeline.Datasets.DatasetCatalog.BronzeTablePaths.Select(t => GrainFactory.GetGrain<Kardiaflow.Grains.Abstractions.Silver.ISilverFeedGrain>(t).GetStatusAsync()));
        return await GrainFactory.GetGrain<IArrivalsWatermarkGrain>(0).AdvanceAsync(statuses.ToDictionary(s => s.BronzeTable, s => s.ConsumedVersion));
    }

    private async Task RunEpochAsync(GoldWriter writer, CancellationToken cancellationToken)
    {
        var epoch = State.PendingEpoch!.Value;
        var clock = Stopwatch.StartNew();
        // Process CPU as well as wall time: on a shared machine the wall time says more about the neighbours than about Gold.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var facts = await ReadFactsAsync(cancellationToken);
        var read = clock.Elapsed;
        var tables = await writer.EnsureTablesAsync(cancellationToken);
        var empty = GoldTables.All.Where((_, i) => tables[i].Snapshot.Files.Count == 0).Select(t => t.Name).ToList();
        var (delta, files) = await AggregateAsync(epoch, facts, empty, cancellationToken);
        var aggregated = clock.Elapsed;
        var rows = await writer.WriteAsync(delta, files, AppId, epoch, cancellationToken);
        var written = clock.Elapsed;
        State.Epoch = epoch;
        State.AsOfDay = State.PendingAsOfDay;
        foreach (var (table, to) in State.PendingTo)
        {
            State.NextVersions[table] = to + 1;
        }

        State.PendingEpoch = null;
        State.PendingTo = [];
        State.FactsRead = facts.Count;
        State.RowsChanged = rows.ToDictionary(r => r.Key, r => r.Value);
        await state.WriteStateAsync();
        LogEpoch(logger, epoch, facts.Count, rows.Values.Sum());
        LogEpochTimes(logger, epoch, (long)read.TotalMilliseconds, (long)(aggregated - read).TotalMilliseconds, (long)(written - aggregated).TotalMilliseconds,
            (long)(clock.Elapsed - written).TotalMilliseconds, (long)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    }

    /// <summary>
    /// Plans the next epoch: for each Silver table in turn, its next commits while the epoch's change rows stay within
    /// <see cref="GoldOptions.MaxChangesPerEpoch"/> (the first commit is always taken, however large). Tables left out
    /// come in the next epoch. False when no table advanced and the UTC day is the same.
    /// </summary>
    private async Task<bool> PlanEpochAsync(CancellationToken cancellationToken)
    {
        var budget = options.Value.MaxChangesPerEpoch;
        long planned = 0;
        var to = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in GoldInputs.All)
        {
            var version = await SilverChangeReader.CurrentVersionAsync(storage, table, cancellationToken);
            var next = State.NextVersions.GetValueOrDefault(table);
            if (version is not { } current || current < next)
            {
                continue;
            }

            foreach (var commit in await TableHistory.ReadRangeAsync(storage, table, next, current, cancellationToken))
            {
                var changes = ChangeRows(commit);
                if (planned > 0 && planned + changes > budget)
                {
                    break;
                }

                planned += changes;
                to[table] = commit.Version;
            }
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber;
        if (to.Count == 0 && today == State.AsOfDay)
        {
            return false;
        }

        State.PendingEpoch = State.Epoch + 1;
        State.PendingTo = to;
        State.PendingAsOfDay = today;
        await state.WriteStateAsync();
        return true;
    }

    /// <summary>The change-data rows a Silver commit wrote: one per insert or delete, two (pre and post image) per update.</summary>
    private static long ChangeRows(HistoryEntry commit) => commit.Metrics.ChangeDataRows;

    private async Task<KpiFacts> ReadFactsAsync(CancellationToken cancellationToken)
    {
        // The feeds are independent: read them at once (the reads leave the grain's scheduler), keep the table order.
        var parts = await Task.WhenAll(State.PendingTo.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => SilverChangeReader.ReadAsync(storage, p.Key, State.NextVersions.GetValueOrDefault(p.Key), p.Value, cancellationToken)));
        return KpiRouter.Concat(parts);
    }

    /// <summary>
    /// Folds the epoch into the aggregators, which write their changed pages of the Gold tables themselves; returns the rows
    /// the coordinator writes (ranking, encounter match) and, per table, the aggregators' files to commit.
    /// </summary>
    private async Task<(GoldDelta Delta, Dictionary<string, GoldFileActions> Files)> AggregateAsync(
        long epoch, KpiFacts facts, IReadOnlyList<string> emptyTables, CancellationToken cancellationToken)
    {
        var gold = options.Value;
        var routed = KpiRouter.Route(facts, gold.Buckets).ToDictionary(p => p.Key, p => p.Value);
        var refresh = State.AsOfDay != 0 && State.AsOfDay != State.PendingAsOfDay;
        if (refresh)
        {
            // A new UTC day changes days_since_last_visit of every patient: every patient partition recomputes.
            for (var bucket = 0; bucket < gold.Buckets; bucket++)
            {
                routed.TryAdd((KpiKind.Patient, bucket), KpiFacts.Empty);
            }
        }

        var delta = new GoldDelta();
        using var throttle = new SemaphoreSlim(Math.Max(1, gold.MaxParallelCalls));
        var calls = routed.Select(async p =>
        {
            await throttle.WaitAsync(cancellationToken);
            try
            {
                var grain = GrainFactory.GetGrain<IKpiAggregatorGrain>($"{p.Key.Kind}/{p.Key.Bucket}");
                return await grain.ApplyAsync(new KpiBatch(epoch, State.PendingAsOfDay, p.Value, refresh && p.Key.Kind == KpiKind.Patient, emptyTables));
            }
            finally
            {
                throttle.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(calls);
        foreach (var result in results)
        {
            delta.AddRange(result.Delta);
        }

        // The procedure partitions report their approved summaries; the ranking turns them into top-10 changes.
        var summaries = new GoldDelta();
        summaries.AddRows(HighCostRanking.InputName, delta.Upserts(HighCostRanking.InputName), []);
        var ranked = await GrainFactory.GetGrain<IHighCostRankingGrain>(0).ApplyAsync(epoch, summaries);
        var written = new GoldDelta();
        foreach (var table in GoldTables.All.Select(t => t.Name))
        {
            written.AddRows(table, delta.Upserts(table), delta.Deletes(table));
        }

        written.AddRange(ranked.Delta);
        return (written, FileActions(results));
    }

    /// <summary>Every aggregator's files of a table as one commit's actions: the pages' old files removed, new ones and change data added.</summary>
    private static Dictionary<string, GoldFileActions> FileActions(IEnumerable<KpiBatchResult> results)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var noPartitions = new Dictionary<string, string?>();
        var byTable = new Dictionary<string, (List<Kardiaflow.Lakehouse.Log.DeltaAction> Actions, long Rows)>(StringComparer.Ordinal);
        foreach (var files in results.SelectMany(r => r.Files))
        {
            if (!byTable.TryGetValue(files.Table, out var entry))
            {
                entry = ([], 0);
            }

            entry.Actions.AddRange(files.Removes.Select(f => UncommittedFiles.Remove(f.Path, f.Size)));
            entry.Actions.AddRange(files.Adds.Select(f => new Kardiaflow.Lakehouse.Log.AddFileAction(f.Path, noPartitions, f.Size, f.ModificationTime > 0 ? f.ModificationTime : now, DataChange: true, f.Stats)));
            entry.Actions.AddRange(files.ChangeFiles.Select(f => new Kardiaflow.Lakehouse.Log.CdcFileAction(f.Path, noPartitions, f.Size)));
            byTable[files.Table] = (entry.Actions, entry.Rows + files.RowsChanged);
        }

        return byTable.ToDictionary(t => t.Key, t => new GoldFileActions(t.Value.Actions, t.Value.Rows), StringComparer.Ordinal);
    }

    private GoldUpdateResult Result() =>
        new(State.Epoch, State.NextVersions.ToDictionary(p => p.Key, p => p.Value - 1), State.FactsRead, State.RowsChanged, State.NewestInputEnqueuedUtc);

    [LoggerMessage(EventId = GrainEventIds.Gold.TimedUpdate, Level = LogLevel.Information, Message = "Gold followed Silver on its interval: epoch {Epoch}")]
    private static partial void LogTimedUpdate(ILogger logger, long epoch);

    [LoggerMessage(EventId = GrainEventIds.Gold.TimedUpdateFailed, Level = LogLevel.Warning, Message = "Gold's interval update failed; the next tick retries")]
    private static partial void LogTimedUpdateFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = GrainEventIds.Gold.Epoch, Level = LogLevel.Information, Message = "Gold epoch {Epoch} committed: {Facts} Silver change images, {Rows} Gold rows changed")]
    private static partial void LogEpoch(ILogger logger, long epoch, int facts, long rows);

    [LoggerMessage(EventId = GrainEventIds.Gold.EpochTimes, Level = LogLevel.Information,
        Message = "Gold epoch {Epoch} took {ReadMs} ms reading Silver changes, {AggregateMs} ms aggregating, {WriteMs} ms writing Gold, {StateMs} ms saving cursors; {CpuMs} ms process CPU")]
    private static partial void LogEpochTimes(ILogger logger, long epoch, long readMs, long aggregateMs, long writeMs, long stateMs, long cpuMs);
}
