using System.Diagnostics;
using Kardiaflow.Lakehouse.Checkpoints;
using Kardiaflow.Lakehouse.Diagnostics;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse;

/// <summary>
/// A Delta table: the entry point for writing (create, append, overwrite, delete, merge, vacuum, and the two-step
/// write-files-then-commit used by parallel ingestion) and reading. Every write goes through one optimistic commit
/// path; a txn (appId, version) makes a write idempotent. An instance is safe to share between threads; it tracks the
/// newest snapshot it has seen.
/// </summary>
public sealed partial class DeltaTable
{
    private readonly ILakeStorage _storage;
    private Snapshot _snapshot;

    private DeltaTable(ILakeStorage storage, string tablePath, Snapshot snapshot)
    {
        _storage = storage;
        TablePath = tablePath;
        _snapshot = snapshot;
    }

    public ILakeStorage Storage => _storage;

    public string TablePath { get; }

    /// <summary>The newest snapshot this instance has loaded (after its own commits, or <see cref="RefreshAsync"/>).</summary>
    public Snapshot Snapshot => Volatile.Read(ref _snapshot);

    public long Version => Snapshot.Version;

    public StructType Schema => Snapshot.Metadata.Schema;

    public static async Task<DeltaTable> OpenAsync(ILakeStorage storage, string tablePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var snapshot = await Snapshot.LoadAsync(storage, tablePath, null, cancellationToken).ConfigureAwait(false);
        return new DeltaTable(storage, tablePath, snapshot);
    }

    /// <summary>Creates a new table; <see cref="DeltaConflictException"/> (TableAlreadyExists) when one is already there.</summary>
    public static async Task<DeltaTable> CreateAsync(
        ILakeStorage storage, string tablePath, StructType schema, IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var (protocol, metadata) = CreateTableOperation.Build(schema, partitionColumns, configuration);
        var request = new PendingCommit(
            -1,
            [protocol, metadata],
            DeltaOperations.CreateTable,
            new Dictionary<string, string>
            {
                ["isManaged"] = "false",
                ["partitionBy"] = System.Text.Json.JsonSerializer.Serialize(metadata.PartitionColumns, PartitionColumnsJson.Default.IReadOnlyListString),
            },
            null,
            null,
            [],
            IsBlindAppend: true);
        await TransactionCommitter.CommitAsync(storage, tablePath, request, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the table, creating it first when it does not exist. Safe when several processes race: exactly one
    /// creates it, the others open it. An existing table must have the same schema and partition columns.
    /// </summary>
    public static async Task<DeltaTable> OpenOrCreateAsync(
        ILakeStorage storage, string tablePath, StructType schema, IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!await storage.ExistsAsync(TableLayout.CommitFile(tablePath, 0), cancellationToken).ConfigureAwait(false))
        {
            try
            {
                return await CreateAsync(storage, tablePath, schema, partitionColumns, configuration, cancellationToken).ConfigureAwait(false);
            }
            catch (DeltaConflictException e) when (e.Kind == DeltaConflictKind.TableAlreadyExists)
            {
                // Lost the creation race: fall through and open the winner's table.
            }
        }

        var table = await OpenAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
        if (!table.Schema.Equals(schema) || !table.Snapshot.Metadata.PartitionColumns.SequenceEqual(partitionColumns, StringComparer.Ordinal))
        {
            throw new DeltaLakeException(
                $"Table '{tablePath}' in {storage.Root} exists with schema {SchemaJson.Serialize(table.Schema)} partitioned by " +
                $"[{string.Join(", ", table.Snapshot.Metadata.PartitionColumns)}], not the requested {SchemaJson.Serialize(schema)} partitioned by " +
                $"[{string.Join(", ", partitionColumns)}]. Use another path, or open it with OpenAsync and write rows of its schema.");
        }

        return table;
    }

    /// <summary>Loads the commits other writers made since this instance's snapshot.</summary>
    public async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        var updated = await Snapshot.UpdateAsync(cancellationToken).ConfigureAwait(false);
        return Advance(updated);
    }

    /// <summary>
    /// Writes rows as data files (Hive-style partition folders, stats) without committing them: ingestion workers
    /// write in parallel and hand the add actions to one committer (<see cref="CommitAsync"/>). Uncommitted files are
    /// invisible and vacuum removes them once older than the retention.
    /// </summary>
    public Task<IReadOnlyList<AddFileAction>> WriteDataFilesAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var state = WritableState();
        return DataFileWriter.WriteAsync(_storage, TablePath, state.Metadata, rows, dataChange: true, cancellationToken);
    }

    /// <summary>
    /// Commits actions (typically adds from <see cref="WriteDataFilesAsync"/>, possibly removes) as one version.
    /// Only adds: a blind append, retried past concurrent commits. With removes: those files must still be in the
    /// table, or <see cref="DeltaConflictException"/>. With <paramref name="txn"/>: a no-op returning
    /// AlreadyCommitted when the table already has (appId, version or later).
    /// </summary>
    public Task<CommitResult> CommitAsync(
        IReadOnlyList<DeltaAction> actions, string operation, IReadOnlyDictionary<string, string>? parameters, TxnAction? txn,
        CancellationToken cancellationToken) =>
        CommitAsync(actions, operation, parameters, txn, commitTimestamp: null, cancellationToken);

    /// <summary>
    /// As <see cref="CommitAsync(IReadOnlyList{DeltaAction}, string, IReadOnlyDictionary{string, string}?, TxnAction?, CancellationToken)"/>,
    /// recording <paramref name="commitTimestamp"/> as the commit's time (for rows stamped with it before their files were
    /// written). Every txn action among <paramref name="actions"/> is judged like <paramref name="txn"/>: all already in
    /// the table → AlreadyCommitted; some → <see cref="DeltaConflictException"/> (<see cref="DeltaConflictKind.TransactionsPartlyCommitted"/>).
    /// </summary>
    public async Task<CommitResult> CommitAsync(
        IReadOnlyList<DeltaAction> actions, string operation, IReadOnlyDictionary<string, string>? parameters, TxnAction? txn,
        DateTimeOffset? commitTimestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var state = WritableState();
        var txns = actions.OfType<TxnAction>().Where(t => txn is null || t.AppId != txn.AppId).Prepend(txn).OfType<TxnAction>().ToList();
        var committed = state.CountCommitted(txns);
        if (txns.Count > 0 && committed == txns.Count)
        {
            return new CommitResult(state.Version, AlreadyCommitted: true);
        }

        if (committed > 0)
        {
            throw DeltaConflictException.TransactionsPartlyCommitted(
                TablePath, operation, state.Version, state.Version, txns.Where(state.HasCommitted).Select(t => t.AppId).ToList());
        }

        var adds = actions.OfType<AddFileAction>().ToList();
        var request = new PendingCommit(
            state.Version,
            actions,
            operation,
            parameters,
            WriteOperations.FileMetrics(adds),
            txn,
            actions.OfType<RemoveFileAction>().Select(r => r.Path).ToArray(),
            IsBlindAppend: actions.All(a => a is AddFileAction or TxnAction or CommitInfoAction),
            commitTimestamp);
        return await CommitRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CommitResult> AppendAsync(IReadOnlyList<object?[]> rows, TxnAction? txn, CancellationToken cancellationToken)
    {
        var state = WritableState();
        if (state.HasCommitted(txn))
        {
            return new CommitResult(state.Version, AlreadyCommitted: true);
        }

        var adds = await DataFileWriter.WriteAsync(_storage, TablePath, state.Metadata, rows, dataChange: true, cancellationToken).ConfigureAwait(false);
        return await CommitRequestAsync(WriteOperations.Append(state, adds, txn), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the table's rows with <paramref name="rows"/> in one version.</summary>
    public async Task<CommitResult> OverwriteAsync(IReadOnlyList<object?[]> rows, TxnAction? txn, CancellationToken cancellationToken)
    {
        var state = WritableState();
        if (state.HasCommitted(txn))
        {
            return new CommitResult(state.Version, AlreadyCommitted: true);
        }

        var adds = rows.Count == 0
            ? []
            : await DataFileWriter.WriteAsync(_storage, TablePath, state.Metadata, rows, dataChange: true, cancellationToken).ConfigureAwait(false);
        return await CommitRequestAsync(WriteOperations.Overwrite(state, adds, txn), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the rows matching <paramref name="predicate"/>; <paramref name="description"/> is recorded in the history.</summary>
    public async Task<DeleteResult> DeleteAsync(Func<object?[], bool> predicate, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var state = WritableState();
        WriterFeatureGate.EnsureRemovable(TablePath, state.Metadata, DeltaOperations.Delete, removedFiles: 0);
        var (request, deleted) = await DeleteOperation.PrepareAsync(_storage, TablePath, state, predicate, description, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return new DeleteResult(state.Version, 0);
        }

        var result = await CommitRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return new DeleteResult(result.Version, deleted);
    }

    /// <summary>Upserts and deletes rows by key columns in one commit (see <see cref="MergeRow"/>).</summary>
    public async Task<MergeResult> MergeAsync(
        IReadOnlyList<string> keyColumns, IReadOnlyList<MergeRow> rows, TxnAction? txn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(rows);
        var state = WritableState();
        if (state.HasCommitted(txn))
        {
            return new MergeResult(state.Version, true, 0, 0, 0, 0);
        }

        var prepared = await MergeOperation.PrepareAsync(_storage, TablePath, state, keyColumns, rows, txn, cancellationToken).ConfigureAwait(false);
        if (prepared.Request is null)
        {
            // Nothing changed; a txn still has to be recorded so the caller's retry stays a no-op.
            if (txn is null)
            {
                return new MergeResult(state.Version, false, 0, 0, 0, prepared.Unchanged);
            }

            var marker = await CommitRequestAsync(WriteOperations.Append(state, [], txn), cancellationToken).ConfigureAwait(false);
            return new MergeResult(marker.Version, marker.AlreadyCommitted, 0, 0, 0, prepared.Unchanged);
        }

        var result = await CommitRequestAsync(prepared.Request, cancellationToken).ConfigureAwait(false);
        return result.AlreadyCommitted
            ? new MergeResult(result.Version, true, 0, 0, 0, 0)
            : new MergeResult(result.Version, false, prepared.Inserted, prepared.Updated, prepared.Deleted, prepared.Unchanged);
    }

    /// <summary>
    /// Deletes data and change files older than <paramref name="retention"/> that no version within it needs.
    /// Time travel to versions older than the retention stops working. With <paramref name="dryRun"/>, only lists them;
    /// otherwise the log records the vacuum as two commitInfo-only versions, <c>VACUUM START</c> and <c>VACUUM END</c>.
    /// </summary>
    public async Task<VacuumResult> VacuumAsync(TimeSpan retention, bool dryRun, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return await VacuumOperation.RunAsync(_storage, TablePath, WritableState(), retention, dryRun, CommitRequestAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CommitResult> CommitRequestAsync(PendingCommit request, CancellationToken cancellationToken)
    {
        // The one place every commit passes: appendOnly is judged on what the commit removes (an insert-only MERGE passes).
        WriterFeatureGate.EnsureCommittable(TablePath, Snapshot.Protocol, Snapshot.Metadata, request);
        var result = await TransactionCommitter.CommitAsync(_storage, TablePath, request, cancellationToken).ConfigureAwait(false);
        if (!result.AlreadyCommitted)
        {
            await CheckpointIfDueAsync(result.Version, cancellationToken).ConfigureAwait(false);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task CheckpointIfDueAsync(long version, CancellationToken cancellationToken)
    {
        var interval = CheckpointWriter.Interval(Snapshot.Metadata);
        if (version == 0 || version % interval != 0)
        {
            return;
        }

        using var activity = LakehouseTelemetry.ActivitySource.StartActivity("delta.checkpoint");
        activity?.SetTag("delta.table", TablePath);
        activity?.SetTag("delta.version", version);
        try
        {
            await CheckpointBuilder.WriteCheckpointAsync(_storage, TablePath, version, cancellationToken).ConfigureAwait(false);
            LakehouseLog.CheckpointWritten(LakehouseTelemetry.Logger, TablePath, version);
        }
        catch (Exception e) when (e is IOException or Azure.RequestFailedException or DeltaLakeException)
        {
            // The commit is durable; a missing checkpoint only makes loading slower, and the next interval writes one.
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            LakehouseLog.CheckpointFailed(LakehouseTelemetry.Logger, e, TablePath, version);
        }
    }

    private Snapshot Advance(Snapshot candidate)
    {
        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            if (candidate.Version <= current.Version)
            {
                return current;
            }

            if (Interlocked.CompareExchange(ref _snapshot, candidate, current) == current)
            {
                return candidate;
            }
        }
    }

    /// <summary>The state a write starts from: a table whose writer features we do not honour is refused before any file is written.</summary>
    private TableState WritableState()
    {
        var s = Snapshot;
        WriterFeatureGate.EnsureWritable(TablePath, s.Protocol, s.Metadata);
        return State();
    }

    private TableState State()
    {
        var s = Snapshot;
        return new TableState(s.Version, s.Protocol, s.Metadata, s.Files.Values.ToArray(), s.AppTransactions);
    }
}
