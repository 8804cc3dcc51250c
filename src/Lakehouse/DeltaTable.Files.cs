using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse;

/// <summary>
/// File-level writes for callers that decide themselves which files change (Silver's key buckets): data and change
/// files written under a caller's name prefix, one file read back, and one commit of everything prepared. The commit
/// goes through the same committer as every other write.
/// </summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Writes rows as data files named <c>{filePrefix}-….parquet</c>, without committing them (see
    /// <see cref="WriteDataFilesAsync(IReadOnlyList{object?[]}, CancellationToken)"/>). <paramref name="dataChange"/>
    /// false marks a rearrangement (the rows are already in the table) that change feed readers skip.
    /// </summary>
    public Task<IReadOnlyList<AddFileAction>> WriteDataFilesAsync(
        IReadOnlyList<object?[]> rows, string filePrefix, bool dataChange, CancellationToken cancellationToken)
    {
        CheckPrefix(filePrefix);
        return DataFileWriter.WriteAsync(_storage, TablePath, Snapshot.Metadata, rows, dataChange, filePrefix, cancellationToken);
    }

    /// <summary>
    /// Writes change rows (a table row plus its <c>_change_type</c>: insert, delete, update_preimage,
    /// update_postimage) as <c>_change_data</c> files named <c>{filePrefix}-….parquet</c>, without committing them.
    /// </summary>
    public Task<IReadOnlyList<CdcFileAction>> WriteChangeFilesAsync(
        IReadOnlyList<object?[]> changeRows, string filePrefix, CancellationToken cancellationToken)
    {
        CheckPrefix(filePrefix);
        return DataFileWriter.WriteChangesAsync(_storage, TablePath, Snapshot.Metadata, changeRows, filePrefix, cancellationToken);
    }

    /// <summary>
    /// The rows of one data file of the current snapshot, at table width; with <paramref name="columns"/>, only those
    /// columns are read and the others stay null.
    /// </summary>
    public async Task<List<object?[]>> ReadFileAsync(AddFileAction file, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = State();
        var ordinals = columns?.Select(c => state.Metadata.Schema.IndexOf(c) is var i and >= 0
            ? i
            : throw new ArgumentException($"Column '{c}' is not in the schema of '{TablePath}'.", nameof(columns))).ToArray();
        return await FileRowsReader.ReadAsync(_storage, TablePath, state, file, cancellationToken, ordinals).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits files prepared by <see cref="WriteDataFilesAsync(IReadOnlyList{object?[]}, string, bool, CancellationToken)"/>
    /// and <see cref="WriteChangeFilesAsync"/> as one MERGE version: <paramref name="removedPaths"/> are files of the
    /// snapshot the caller read at <paramref name="readVersion"/> that the new files replace. A concurrent commit that
    /// removed one of them is a <see cref="DeltaConflictException"/>; with <paramref name="txn"/> already in the table the
    /// commit is a no-op returning AlreadyCommitted.
    /// </summary>
    public async Task<CommitResult> CommitMergeAsync(
        long readVersion, IReadOnlyList<AddFileAction> adds, IReadOnlyList<string> removedPaths, IReadOnlyList<CdcFileAction> changeFiles,
        IReadOnlyList<string> keyColumns, MergeCounts counts, TxnAction? txn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adds);
        ArgumentNullException.ThrowIfNull(removedPaths);
        ArgumentNullException.ThrowIfNull(changeFiles);
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(counts);
        var state = State();
        if (state.HasCommitted(txn))
        {
            return new CommitResult(state.Version, AlreadyCommitted: true);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var files = state.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var removes = new List<DeltaAction>(removedPaths.Count);
        foreach (var path in removedPaths)
        {
            if (!files.TryGetValue(path, out var file))
            {
                throw DeltaConflictException.FilesChanged(TablePath, DeltaOperations.Merge, readVersion, state.Version, null, [path]);
            }

            removes.Add(WriteOperations.ToRemove(file, now));
        }

        var metrics = new Dictionary<string, string>
        {
            [OperationMetricNames.NumSourceRows] = WriteOperations.Str(counts.SourceRows),
            [OperationMetricNames.NumTargetRowsInserted] = WriteOperations.Str(counts.Inserted),
            [OperationMetricNames.NumTargetRowsUpdated] = WriteOperations.Str(counts.Updated),
            [OperationMetricNames.NumTargetRowsDeleted] = WriteOperations.Str(0),
            [OperationMetricNames.NumTargetRowsCopied] = WriteOperations.Str(counts.Copied),
            [OperationMetricNames.NumTargetFilesAdded] = WriteOperations.Str(adds.Count),
            [OperationMetricNames.NumTargetFilesRemoved] = WriteOperations.Str(removes.Count),
            [OperationMetricNames.NumTargetChangeFilesAdded] = WriteOperations.Str(changeFiles.Count),
        };
        var request = new PendingCommit(
            readVersion,
            [.. removes, .. adds, .. changeFiles],
            DeltaOperations.Merge,
            new Dictionary<string, string> { ["predicate"] = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}")) },
            metrics,
            txn,
            removedPaths.ToArray(),
            IsBlindAppend: false);
        return await CommitRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces files by others holding the same rows (a re-layout): one version whose adds and removes all carry
    /// <c>dataChange=false</c>, so change feed readers see no change.
    /// </summary>
    public async Task<CommitResult> CommitRearrangeAsync(
        IReadOnlyList<AddFileAction> adds, IReadOnlyList<string> removedPaths, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adds);
        ArgumentNullException.ThrowIfNull(removedPaths);
        if (adds.Any(a => a.DataChange))
        {
            throw new ArgumentException("A re-layout adds only files written with dataChange false.", nameof(adds));
        }

        var state = State();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var files = state.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var removes = removedPaths.Select(p => (DeltaAction)(WriteOperations.ToRemove(
            files.TryGetValue(p, out var f) ? f : throw DeltaConflictException.FilesChanged(TablePath, operation, state.Version, state.Version, null, [p]), now) with { DataChange = false }))
            .ToList();
        var request = new PendingCommit(
            state.Version, [.. removes, .. adds], operation, null, WriteOperations.FileMetrics(adds), null, removedPaths.ToArray(), IsBlindAppend: false);
        return await CommitRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckPrefix(string filePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePrefix);
        if (!filePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || filePrefix[0] is '_' or '.')
        {
            throw new ArgumentException($"File prefix '{filePrefix}' must be ASCII letters, digits, '-' or '_', and not start with '_'.", nameof(filePrefix));
        }
    }
}
