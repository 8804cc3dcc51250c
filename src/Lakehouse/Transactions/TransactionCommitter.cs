using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Kardiaflow.Lakehouse.Diagnostics;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// The one commit path of every operation: writes <c>_delta_log/&lt;v&gt;.json</c> with put-if-absent and, when
/// another writer got there first, reads the commits that won, decides whether this operation can be replayed on top
/// of them, and tries the next version. Blind appends always can be; others when metadata and protocol are unchanged,
/// none of the files they read was removed, and (MERGE, DELETE) no file a winner added may hold a row they would have
/// matched (<see cref="ReadPredicate"/>). Isolation is Delta's WriteSerializable, except that a MERGE or DELETE also
/// conflicts with a concurrent blind append of rows it matches (Serializable there; docs/adr/engine-conflict-checks.md).
/// </summary>
/// <remarks>
/// A put whose reply is lost (the storage threw, but the object may have been written) is settled by reading the
/// version back: our bytes (each commit carries a unique <c>commitInfo.txnId</c>) mean it committed, another's mean the
/// race was lost, nothing means nothing was committed and the error is rethrown.
/// </remarks>
internal static class TransactionCommitter
{
    public static readonly string EngineInfo =
        "Kardiaflow.Lakehouse/" + (typeof(TransactionCommitter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>Gives up after this many lost races in a row: a livelock, not contention.</summary>
    private const int MaxAttempts = 10_000;

    public static async Task<CommitResult> CommitAsync(ILakeStorage storage, string tablePath, PendingCommit request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(request);
        var now = (request.CommitTimestamp ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        var commitInfo = new CommitInfoAction(
            now,
            request.Operation,
            request.Parameters ?? new Dictionary<string, string>(),
            request.Metrics,
            EngineInfo,
            request.ReadVersion >= 0 ? request.ReadVersion : null,
            request.IsBlindAppend,
            Other: new JsonObject { ["txnId"] = Guid.NewGuid().ToString("D") });
        var actions = new List<DeltaAction>(request.Actions.Count + 2) { commitInfo };
        if (request.Txn is { } txn)
        {
            actions.Add(txn with { LastUpdated = txn.LastUpdated ?? now });
        }

        actions.AddRange(request.Actions.Where(a => a is not CommitInfoAction && !(request.Txn is not null && a is TxnAction t && t.AppId == request.Txn.AppId)));
        var content = DeltaLogJson.SerializeCommit(actions);
        var readFiles = request.ReadFiles.Select(DeltaPath.Decode).ToHashSet(StringComparer.Ordinal);
        var txns = request.AllTxns();

        using var activity = LakehouseTelemetry.ActivitySource.StartActivity("delta.commit");
        activity?.SetTag("delta.table", tablePath);
        activity?.SetTag("delta.operation", request.Operation);
        activity?.SetTag("delta.read_version", request.ReadVersion);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = await PutAsync(storage, tablePath, request, content, readFiles, txns, cancellationToken).ConfigureAwait(false);
            CommitMetrics.Record(tablePath, request.Operation, started, result.AlreadyCommitted);
            activity?.SetTag("delta.version", result.Version);
            activity?.SetTag("delta.already_committed", result.AlreadyCommitted);
            if (result.AlreadyCommitted)
            {
                LakehouseLog.AlreadyCommitted(LakehouseTelemetry.Logger, request.Operation, tablePath, result.Version);
            }
            else
            {
                LakehouseLog.Committed(LakehouseTelemetry.Logger, request.Operation, tablePath, result.Version, request.ReadVersion);
            }

            return result;
        }
        catch (DeltaConflictException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Kind.ToString());
            LakehouseLog.Conflict(LakehouseTelemetry.Logger, request.Operation, tablePath, e.WinningVersion, e.Kind);
            throw;
        }
    }

    private static async Task<CommitResult> PutAsync(
        ILakeStorage storage, string tablePath, PendingCommit request, byte[] content, HashSet<string> readFiles, IReadOnlyList<TxnAction> txns,
        CancellationToken cancellationToken)
    {
        var version = request.ReadVersion + 1;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryPutAsync(storage, tablePath, request.Operation, version, content, cancellationToken).ConfigureAwait(false))
            {
                return new CommitResult(version, AlreadyCommitted: false);
            }

            if (request.ReadVersion < 0)
            {
                throw DeltaConflictException.TableCreated(tablePath);
            }

            // Lost the race for `version`: check every commit that won, up to the first free version.
            while (await TryReadCommitAsync(storage, tablePath, version, cancellationToken).ConfigureAwait(false) is { } winner)
            {
                if (await CheckAsync(storage, tablePath, request, txns, readFiles, version, winner, cancellationToken).ConfigureAwait(false) is { } alreadyCommitted)
                {
                    return alreadyCommitted;
                }

                LakehouseLog.LostRace(LakehouseTelemetry.Logger, request.Operation, tablePath, version, winner.OfType<CommitInfoAction>().FirstOrDefault()?.Operation);

                version++;
            }
        }

        throw new DeltaLakeException($"Gave up committing {request.Operation} to '{tablePath}' after {MaxAttempts} lost races; another writer is committing continuously.");
    }

    /// <summary>
    /// Puts the commit at <paramref name="version"/>: true when it is ours, false when another writer's is there. When the
    /// storage throws, the object may still have been written (a reply lost after the write succeeded): reading it back
    /// settles which, so a retry never commits the same operation twice.
    /// </summary>
    private static async Task<bool> TryPutAsync(ILakeStorage storage, string tablePath, string operation, long version, byte[] content, CancellationToken cancellationToken)
    {
        var path = TableLayout.CommitFile(tablePath, version);
        try
        {
            return await storage.PutIfAbsentAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            byte[] there;
            try
            {
                there = await storage.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                // Nothing was written: the table is unchanged, the error is the caller's to see.
                ExceptionDispatchInfo.Throw(e);
                throw;
            }
            catch (Exception readError) when (readError is not OperationCanceledException)
            {
                throw new DeltaLakeException(
                    $"Committing {operation} as version {version} of '{tablePath}' failed ({e.GetType().Name}: {e.Message}), and reading the version back " +
                    $"failed too ({readError.GetType().Name}), so whether it was committed is unknown. A retry with the same txn (appId, version) is safe: " +
                    "it is a no-op if the commit landed. Without a txn, read the table's history before retrying.", e);
            }

            var ours = there.AsSpan().SequenceEqual(content);
            LakehouseLog.CommitReplyLost(LakehouseTelemetry.Logger, e, operation, tablePath, version, ours);
            return ours;
        }
    }

    private static async Task<CommitResult?> CheckAsync(
        ILakeStorage storage, string tablePath, PendingCommit request, IReadOnlyList<TxnAction> txns, HashSet<string> readFiles, long version,
        IReadOnlyList<DeltaAction> winner, CancellationToken cancellationToken)
    {
        var winningOperation = winner.OfType<CommitInfoAction>().FirstOrDefault()?.Operation;
        if (txns.Count > 0)
        {
            // Every txn of a group commit counts, not only the first: a winner that carried some of them means those
            // files are in the table already, and committing them again would duplicate their rows.
            var theirs = winner.OfType<TxnAction>().ToDictionary(t => t.AppId, t => t.Version, StringComparer.Ordinal);
            var done = txns.Where(t => theirs.TryGetValue(t.AppId, out var v) && v >= t.Version).Select(t => t.AppId).ToList();
            if (done.Count == txns.Count)
            {
                return new CommitResult(version, AlreadyCommitted: true);
            }

            if (done.Count > 0)
            {
                throw DeltaConflictException.TransactionsPartlyCommitted(tablePath, request.Operation, request.ReadVersion, version, done);
            }
        }

        if (winner.Any(a => a is MetadataAction or ProtocolAction))
        {
            throw DeltaConflictException.MetadataChanged(tablePath, request.Operation, request.ReadVersion, version, winningOperation);
        }

        if (readFiles.Count > 0)
        {
            var touched = winner.OfType<RemoveFileAction>().Select(r => r.Path).Where(p => readFiles.Contains(DeltaPath.Decode(p))).ToList();
            if (touched.Count > 0)
            {
                throw DeltaConflictException.FilesChanged(tablePath, request.Operation, request.ReadVersion, version, winningOperation, touched);
            }
        }

        if (request.ReadPredicate is { } predicate)
        {
            // Only files with new rows: a dataChange=false add (compaction) re-lays rows that were there, and its removes are
            // checked above. Every such file is judged, so the message lists them all.
            var added = new List<string>();
            foreach (var add in winner.OfType<AddFileAction>().Where(a => a.DataChange))
            {
                if (await predicate.MayMatchAsync(storage, tablePath, add, cancellationToken).ConfigureAwait(false))
                {
                    added.Add(add.Path);
                }
            }

            if (added.Count > 0)
            {
                throw DeltaConflictException.FilesAdded(tablePath, request.Operation, request.ReadVersion, version, winningOperation, predicate.Description, added);
            }
        }

        return null;
    }

    private static async Task<IReadOnlyList<DeltaAction>?> TryReadCommitAsync(ILakeStorage storage, string tablePath, long version, CancellationToken cancellationToken)
    {
        var path = TableLayout.CommitFile(tablePath, version);
        byte[] bytes;
        try
        {
            bytes = await storage.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return DeltaLogJson.ParseCommit(bytes, path);
    }
}
