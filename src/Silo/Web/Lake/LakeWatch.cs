using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Lake;

/// <summary>
/// Lists the watched tables' logs every <see cref="SiloWebOptions.RefreshInterval"/> and loads the snapshot of each table
/// whose version moved (row count from the files' statistics, commit times, txn cursors). The KPI pages and the gauges of
/// <c>/metrics</c> read <see cref="Current"/>; the pages' event stream waits on <see cref="WaitForChangeAsync"/>.
/// It reads the lake, not grain state, so every silo of a cluster sees the same thing and no grain is activated for it.
/// Nobody looking (no open page, no page request, no metrics scrape for <see cref="IdleAfter"/>): the passes pause, so an
/// idle silo does not list a blob container every two seconds; the next look resumes them.
/// </summary>
public sealed partial class LakeWatch(ILakeStorage storage, IOptions<SiloWebOptions> options, TimeProvider time, ILogger<LakeWatch> logger)
    : BackgroundService
{
    // One pass at a time: the timer and a page request arriving before the first pass may both ask for one.
    private readonly SemaphoreSlim _pass = new(1, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LakeStatus _current = LakeStatus.Empty;
    private long _lastDemand = long.MinValue;

    public static TimeSpan IdleAfter { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The latest status; reading it counts as someone looking (a page, a scrape).</summary>
    public LakeStatus Current
    {
        get
        {
            Interlocked.Exchange(ref _lastDemand, time.GetTimestamp());
            return _current;
        }
    }

    /// <summary>The current status, after a first pass when none has run yet.</summary>
    public async Task<LakeStatus> GetAsync(CancellationToken cancellationToken)
    {
        // After an idle pause the last pass may be old: a page gets a fresh one rather than the lake as it was then.
        if (Current.Generation == 0 || time.GetUtcNow() - _current.ObservedAt > 2 * options.Value.RefreshInterval)
        {
            await RefreshAsync(cancellationToken);
        }

        return Current;
    }

    /// <summary>Completes when the generation differs from <paramref name="seen"/> (or at once when it already does).</summary>
    public Task WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _changed);
        return _current.Generation != seen ? Task.CompletedTask : changed.Task.WaitAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var previous = _current;
            var tables = new Dictionary<string, TableStatus>(StringComparer.Ordinal);
            var moved = previous.Generation == 0;
            foreach (var table in WatchedTables.All)
            {
                var known = previous.Tables.GetValueOrDefault(table.Path);
                var status = await ReadAsync(table, known, cancellationToken);
                moved |= known is null || known.Version != status.Version;
                tables[table.Path] = status;
            }

            var now = time.GetUtcNow();
            var next = new LakeStatus(moved ? previous.Generation + 1 : previous.Generation, now, tables, Lags(tables, now));
            _current = next;
            if (moved)
            {
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            var idle = Interlocked.Read(ref _lastDemand) is var last && last != long.MinValue
                ? time.GetElapsedTime(last) : TimeSpan.MaxValue;
            if (idle > IdleAfter && _current.Generation > 0)
            {
                continue;
            }

            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A pass can meet a table mid-commit or storage that is briefly unreachable: the next pass tries again.
                LogPassFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    private async Task<TableStatus> ReadAsync(WatchedTable table, TableStatus? known, CancellationToken cancellationToken)
    {
        var listing = await DeltaLogListing.ListAsync(storage, table.Path, cancellationToken);
        if (listing.LatestVersion < 0)
        {
            return TableStatus.Missing(table);
        }

        if (known is not null && known.Version == listing.LatestVersion)
        {
            return known;
        }

        Snapshot snapshot;
        try
        {
            snapshot = await Snapshot.LoadAsync(storage, table.Path, listing.LatestVersion, cancellationToken);
        }
        catch (TableNotFoundException)
        {
            return TableStatus.Missing(table);
        }

        var rows = await TableRowCount.CountAsync(snapshot, cancellationToken);
        // Only the Bronze tables' commit times are kept: a feed's lag in time is the age of its oldest unread Bronze commit.
        var timestamps = table.Layer == WatchedTables.Bronze
            ? snapshot.CommitTimestamps.ToDictionary(c => c.Version, c => c.Timestamp)
            : new Dictionary<long, long>();
        return new TableStatus(table, snapshot.Version, rows, DateTimeOffset.FromUnixTimeMilliseconds(snapshot.Timestamp), snapshot.AppTransactions, timestamps);
    }

    private static List<FeedLag> Lags(Dictionary<string, TableStatus> tables, DateTimeOffset now)
    {
        var lags = new List<FeedLag>();
        foreach (var (dataset, bronzeTable, silverTable, appId) in WatchedTables.Feeds)
        {
            var bronze = tables[bronzeTable];
            var consumed = tables[silverTable].AppTransactions.TryGetValue(appId, out var v) ? v : -1;
            var behind = Math.Max(0, bronze.Version - consumed);
            var waiting = behind > 0 && bronze.CommitTimestamps.TryGetValue(consumed + 1, out var oldest)
                ? Math.Max(0, (now - DateTimeOffset.FromUnixTimeMilliseconds(oldest)).TotalSeconds)
                : 0;
            lags.Add(new FeedLag(dataset, bronzeTable, bronze.Version, consumed, behind, waiting));
        }

        return lags;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "The lake watch could not read the lake; it tries again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
