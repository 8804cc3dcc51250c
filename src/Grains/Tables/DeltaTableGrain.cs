using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;
using Kardiaflow.Pipeline.Ingestion;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kardiaflow.Grains.Tables;

/// <summary>
/// The one committer of a Delta table. Every file's commit carries a <c>txn</c> action whose application id is derived
/// from the file's identity, so a file committed once is never committed again, whoever retries it.
/// </summary>
/// <remarks>
/// Concurrency: this grain is not reentrant, so its calls run one at a time: this activation is the only writer of the
/// table's log and its commits are serialized. If a failover ever lets a second activation run for a moment, the log's
/// put-if-absent makes one of two racing commits lose, and the loser retries after re-reading which application ids the
/// winner committed (so it never adds a file twice).
/// </remarks>
public sealed partial class DeltaTableGrain(ILakeStorage storage, ILogger<DeltaTableGrain> logger) : Grain, IDeltaTableGrain
{
    private const int MaxCommitAttempts = 5;

    private DeltaTable? _table;

    private string TablePath => this.GetPrimaryKeyString();

    public async Task<long> EnsureCreatedAsync()
    {
        var table = await OpenAsync(CancellationToken.None);
        return table.Snapshot.Version;
    }

    public async Task<IReadOnlyDictionary<string, long>> GetCommittedAppIdsAsync(IReadOnlyList<string> appIds)
    {
        var table = await OpenAsync(CancellationToken.None);
        await table.RefreshAsync(CancellationToken.None);
        return Committed(table, appIds);
    }

    public async Task<CommitReceipt> CommitAsync(CommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = await OpenAsync(CancellationToken.None);
        for (var attempt = 1; ; attempt++)
        {
            await table.RefreshAsync(CancellationToken.None);
            var already = Committed(table, request.Files.Select(f => f.AppId).ToList());
            var pending = request.Files.Where(f => !already.ContainsKey(f.AppId)).ToList();
            if (pending.Count == 0)
            {
                LogNothingToCommit(logger, TablePath, request.Files.Count);
                return new CommitReceipt(null, [], already);
            }

            try
            {
                var result = await CommitPendingAsync(table, request, pending);
                if (result.AlreadyCommitted)
                {
                    // A concurrent commit carried the first file's txn: re-read and commit what is left.
                    continue;
                }

                var version = result.Version;
                LogCommitted(logger, TablePath, version, pending.Count, pending.Sum(f => f.Rows));
                await AnnounceAsync(version, request.CommitTimestamp);
                return new CommitReceipt(version, pending.Select(f => f.AppId).ToList(), already);
            }
            catch (DeltaConflictException e) when (attempt < MaxCommitAttempts)
            {
                // Another writer won the race for the next version: re-read the log and drop what it committed. Only a
                // conflict is a race: a corrupt log or a missing data file (other DeltaLakeExceptions) fails at once.
                LogCommitRetry(logger, TablePath, attempt, e.Kind.ToString());
            }
        }
    }

    public async Task<SequenceCommitReceipt> CommitSequenceAsync(SequenceCommitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = await OpenAsync(CancellationToken.None);
        for (var attempt = 1; ; attempt++)
        {
            await table.RefreshAsync(CancellationToken.None);
            var current = table.Snapshot.AppTransactions.TryGetValue(request.AppId, out var v) ? v : -1;
            if (current != request.ExpectedVersion)
            {
                // Another writer of this source (a second activation during a failover, or this grain's earlier attempt
                // whose answer was lost) moved the txn: the caller re-reads what is committed and drops it.
                return new SequenceCommitReceipt(false, null, current);
            }

            var parameters = new Dictionary<string, string>
            {
                ["mode"] = "Append",
                ["batchId"] = request.BatchId,
                ["source"] = request.AppId,
            };
            var actions = request.DataFiles.Select(f => (DeltaAction)f.ToAddAction()).ToList();
            var lastUpdated = new DateTimeOffset(request.CommitTimestamp).ToUnixTimeMilliseconds();
            var commitTimestamp = new DateTimeOffset(DateTime.SpecifyKind(request.CommitTimestamp, DateTimeKind.Utc));
            try
            {
                // The txn makes the commit a no-op when the table already has this version or a later one.
                var result = await table.CommitAsync(
                    actions, "STREAMING UPDATE", parameters, new TxnAction(request.AppId, request.Version, lastUpdated), commitTimestamp, CancellationToken.None);
                if (result.AlreadyCommitted)
                {
                    continue;
                }

                LogCommitted(logger, TablePath, result.Version, 1, request.Rows);
                await AnnounceAsync(result.Version, request.CommitTimestamp);
                return new SequenceCommitReceipt(true, result.Version, request.Version);
            }
            catch (DeltaLakeException e) when (attempt < MaxCommitAttempts)
            {
                LogCommitRetry(logger, TablePath, attempt, e.GetType().Name);
            }
        }
    }

    private static async Task<CommitResult> CommitPendingAsync(DeltaTable table, CommitRequest request, IReadOnlyList<FileCommit> pending)
    {
        var actions = new List<DeltaAction>();
        var lastUpdated = new DateTimeOffset(request.CommitTimestamp).ToUnixTimeMilliseconds();
        foreach (var file in pending)
        {
            actions.AddRange(file.DataFiles.Select(f => f.ToAddAction()));
            actions.Add(new TxnAction(file.AppId, file.TxnVersion, lastUpdated));
        }

        var parameters = new Dictionary<string, string>
        {
            ["mode"] = "Append",
            ["batchId"] = request.BatchId,
            ["files"] = pending.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (pending.Any(f => f.RecordsRead >= 0))
        {
            // Atomic with the rows: the conservation check compares this count with the rows the file left.
            parameters[RecordsReadParameter.Name] = RecordsReadParameter.Format(
                pending.Where(f => f.RecordsRead >= 0).Select(f => KeyValuePair.Create(f.SourceFile, f.RecordsRead)));
        }

        // The engine judges every file's txn against concurrent winners (all there: already committed; some: a typed
        // conflict, after which the loop above re-reads and commits the rest). The commit records the time the rows'
        // _ingest_ts already carries, so _ingest_ts is the time of the Bronze commit that wrote them.
        var commitTimestamp = new DateTimeOffset(DateTime.SpecifyKind(request.CommitTimestamp, DateTimeKind.Utc));
        return await table.CommitAsync(actions, DeltaOperations.Write, parameters, txn: null, commitTimestamp, CancellationToken.None);
    }

    private static Dictionary<string, long> Committed(DeltaTable table, IReadOnlyList<string> appIds)
    {
        var transactions = table.Snapshot.AppTransactions;
        var committed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var appId in appIds)
        {
            if (transactions.TryGetValue(appId, out var version))
            {
                committed[appId] = version;
            }
        }

        return committed;
    }

    private async Task<DeltaTable> OpenAsync(CancellationToken cancellationToken)
    {
        if (_table is not null)
        {
            return _table;
        }

        if (!BronzeTableCatalog.TryGet(TablePath, out var definition))
        {
            throw new InvalidOperationException($"'{TablePath}' is not a table this grain knows how to create.");
        }

        _table = await DeltaTable.OpenOrCreateAsync(storage, TablePath, definition.Schema, [], definition.Configuration, cancellationToken);
        return _table;
    }

    private async Task AnnounceAsync(long version, DateTime commitTimestamp)
    {
        try
        {
            var stream = this.GetStreamProvider(TableStreams.ProviderName)
                .GetStream<TableVersionAnnounced>(StreamId.Create(TableStreams.VersionsNamespace, TablePath));
            await stream.OnNextAsync(new TableVersionAnnounced(TablePath, version, commitTimestamp));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The commit is durable; a lost announcement only delays readers, which also poll the log.
            LogAnnounceFailed(logger, e, TablePath, version);
        }
    }

    [LoggerMessage(EventId = GrainEventIds.DeltaTable.Committed, Level = LogLevel.Information, Message = "Committed {Table} version {Version}: {Files} input files, {Rows} rows")]
    private static partial void LogCommitted(ILogger logger, string table, long version, int files, long rows);

    [LoggerMessage(EventId = GrainEventIds.DeltaTable.NothingToCommit, Level = LogLevel.Information, Message = "Nothing to commit to {Table}: the {Files} input files were already committed")]
    private static partial void LogNothingToCommit(ILogger logger, string table, int files);

    [LoggerMessage(EventId = GrainEventIds.DeltaTable.CommitRetry, Level = LogLevel.Warning, Message = "Commit to {Table} lost a race (attempt {Attempt}, {Error}); retrying")]
    private static partial void LogCommitRetry(ILogger logger, string table, int attempt, string error);

    [LoggerMessage(EventId = GrainEventIds.DeltaTable.AnnounceFailed, Level = LogLevel.Warning, Message = "Could not announce {Table} version {Version}")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string table, long version);
}
