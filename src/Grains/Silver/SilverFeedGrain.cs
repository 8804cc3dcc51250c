using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Follows one Bronze table's change feed into Silver, in batches of consecutive Bronze versions. Its cursor is the
/// Delta txn (appId = <see cref="AppId"/>, version = the batch's last Bronze version) carried by every commit it makes
/// to the tables it writes; the next version to consume is one past the lowest of them, so a crash between two of its
/// commits redoes the batch, and each commit of the redo is a no-op where the txn is already there.
/// </summary>
/// <remarks>
/// Concurrency: triggers (a version announcement, activation, <see cref="CatchUpAsync"/>) start one background worker
/// on the grain's scheduler and return at once; a trigger that arrives while the worker runs makes it look again before
/// it stops. The worker's continuations interleave with calls only at awaits and only touch fields from the grain's
/// scheduler, so <see cref="GetStatusAsync"/> answers while a long version is processed.
/// A Bronze version larger than a batch is consumed in slices, each with its own commits (SilverFeedGrain.Slices.cs,
/// docs/adr/silver-version-slices.md); the txn above still moves only when a version is fully consumed.
/// </remarks>
[GrainType("silver-feed")]
[ImplicitStreamSubscription(TableStreams.VersionsNamespace)]
public sealed partial class SilverFeedGrain(
    ILakeStorage storage,
    SilverBatchGate gate,
    IOptions<SilverOptions> options,
    ILogger<SilverFeedGrain> logger,
    [PersistentState("silverfeed", GrainStorageNames.Default)] IPersistentState<SilverFeedState> state)
    : Grain, ISilverFeedGrain, IAsyncObserver<TableVersionAnnounced>
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Bronze versions consumed together: one MERGE per Silver table and one prepare per key bucket for the whole
    /// batch. Bronze commits one file per version, so a submission's files are usually one batch.
    /// </summary>
    private const int MaxVersionsPerBatch = 32;

    private DatasetDefinition? _dataset;
    private Task? _worker;
    private bool _again;
    private long _consumed = -1;
    private string? _lastError;
    private int _failedAttempts;

    /// <summary>The txn application id of this feed.</summary>
    public string AppId => "silver-feed:" + this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _dataset = DatasetCatalog.All.FirstOrDefault(d => d.BronzeTablePath == key);
        var stream = this.GetStreamProvider(TableStreams.ProviderName)
            .GetStream<TableVersionAnnounced>(StreamId.Create(TableStreams.VersionsNamespace, key));
        await stream.SubscribeAsync(this);
        if (_dataset is not null)
        {
            // Catch up with what was committed while no activation was listening (a restart, a failover).
            Trigger();
        }
    }

    public Task<SilverFeedStatus> CatchUpAsync()
    {
        Trigger();
        return GetStatusAsync();
    }

    public Task<SilverFeedStatus> GetStatusAsync()
    {
        var counts = state.State.Counts.Where(c => c.Key <= _consumed).Select(c => c.Value).ToList();
        return Task.FromResult(new SilverFeedStatus(
            this.GetPrimaryKeyString(),
            _dataset is null ? string.Empty : _dataset.Silver.Table,
            _consumed,
            counts.Sum(c => c.RowsRead),
            counts.Sum(c => c.NullKeysDropped),
            counts.Sum(c => c.DuplicatesIgnored),
            counts.Sum(c => c.Superseded),
            _lastError,
            _failedAttempts));
    }

    public Task OnNextAsync(TableVersionAnnounced item, StreamSequenceToken? token = null)
    {
        Trigger();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private void Trigger()
    {
        if (_dataset is null)
        {
            return;
        }

        if (_worker is { IsCompleted: false })
        {
            _again = true;
            return;
        }

        _worker = RunAsync(_dataset);
    }

    private async Task RunAsync(DatasetDefinition dataset)
    {
        var attempt = 0;
        do
        {
            _again = false;
            try
            {
                await ConsumeAsync(dataset, CancellationToken.None);
                _lastError = null;
                attempt = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Silver rows carry no PHI (the patient feed masks before anything leaves it), so the exception may be logged.
                attempt++;
                _failedAttempts++;
                _lastError = $"{e.GetType().Name}: {e.Message}";
                LogConsumeFailed(logger, e, dataset.BronzeTablePath, attempt);
                if (attempt < MaxAttempts)
                {
                    _again = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }
        }
        while (_again);
    }

    private async Task ConsumeAsync(DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        DeltaTable bronze;
        try
        {
            bronze = await DeltaTable.OpenAsync(storage, dataset.BronzeTablePath, cancellationToken);
        }
        catch (TableNotFoundException)
        {
            return;
        }

        await bronze.RefreshAsync(cancellationToken);
        var targets = new List<DeltaTable>();
        foreach (var table in dataset.Silver.Targets)
        {
            targets.Add(await SilverTableAccess.OpenAsync(storage, table, cancellationToken));
        }

        var cursor = long.MaxValue;
        foreach (var table in targets)
        {
            cursor = Math.Min(cursor, await SilverTableAccess.CommittedVersionAsync(table, AppId, cancellationToken));
        }

        _consumed = cursor;
        var start = cursor;
        while (_consumed < bronze.Version)
        {
            var (from, to) = await PlanBatchAsync(dataset, bronze, _consumed + 1, bronze.Version, cancellationToken);
            if (state.State.SliceEnds.Count > 0)
            {
                await ConsumeSlicesAsync(dataset, bronze, targets, from, cancellationToken);
            }
            else
            {
                var rows = BronzeChangeReader.ReadVersionsAsync(storage, dataset, from, to, cancellationToken);
                var (counts, redo, ms) = await ProcessUnitAsync(dataset, SilverBatchKey.Whole(to), rows, cancellationToken);
                LogConsumed(logger, dataset.BronzeTablePath, from, to, ms);
                if (!redo || !state.State.Counts.ContainsKey(to))
                {
                    // A redo whose counts were recorded before keeps them: its rule may not know what the first run skipped.
                    state.State.Counts[to] = counts;
                    await state.WriteStateAsync();
                }
            }

            _consumed = to;
        }

        if (_consumed > start)
        {
            // Silver moved: Gold follows at its update interval (a one-way call, so this feed never waits on Gold).
            await GrainFactory.GetGrain<IGoldGrain>(IGoldGrain.Key).SilverAdvancedAsync();
        }
    }

    /// <summary>One unit of work (a batch, or a slice of a version) under the silo's batch gate: counts, redo, milliseconds.</summary>
    private async Task<(VersionCounts Counts, bool Redo, long Ms)> ProcessUnitAsync(
        DatasetDefinition dataset, long key, IAsyncEnumerable<BronzeRow> rows, CancellationToken cancellationToken)
    {
        using (await gate.EnterAsync(cancellationToken))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var (counts, redo) = await ProcessBatchAsync(dataset, key, rows, cancellationToken);
            return (counts, redo, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// The batch starting at <paramref name="from"/>: the one planned before when this is a redo, otherwise up to
    /// <see cref="MaxVersionsPerBatch"/> versions and <see cref="SilverOptions.MaxRowsPerBatch"/> rows, recorded before anything of it
    /// is applied. A first version alone larger than the row bound is a batch of its own, cut into slices when its
    /// dataset's rule allows it (<see cref="PlanSlicesAsync"/>).
    /// </summary>
    private async Task<(long From, long To)> PlanBatchAsync(DatasetDefinition dataset, DeltaTable bronze, long from, long latest, CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.BatchFrom == from && s.BatchTo >= from && s.BatchTo <= latest)
        {
            return (from, s.BatchTo);
        }

        // Bounded by rows too (each commit's numOutputRows), so that a batch of big files does not hold them all at once.
        var max = options.Value.MaxRowsPerBatch;
        var to = from;
        long rows = 0, firstRows = 0;
        var commits = await TableHistory.ReadRangeAsync(storage, dataset.BronzeTablePath, from, Math.Min(latest, from + MaxVersionsPerBatch - 1), cancellationToken);
        foreach (var commit in commits)
        {
            rows += commit.Metrics.OutputRows;
            if (commit.Version > from && rows > max)
            {
                break;
            }

            firstRows = commit.Version == from ? commit.Metrics.OutputRows : firstRows;
            to = commit.Version;
        }

        s.BatchFrom = from;
        s.BatchTo = to;
        s.SliceFiles = [];
        s.SliceEnds = [];
        s.SliceCounts = [];
        if (to == from && firstRows > max)
        {
            await PlanSlicesAsync(dataset, bronze, from, cancellationToken);
        }

        await state.WriteStateAsync();
        return (from, to);
    }

    [LoggerMessage(EventId = GrainEventIds.SilverFeed.Consumed, Level = LogLevel.Information, Message = "Silver feed of {Table} consumed Bronze versions {From} to {To} in {Ms} ms")]
    private static partial void LogConsumed(ILogger logger, string table, long from, long to, long ms);

    [LoggerMessage(EventId = GrainEventIds.SilverFeed.ConsumeFailed, Level = LogLevel.Warning, Message = "Silver feed of {Table} failed (attempt {Attempt})")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception, string table, int attempt);
}
