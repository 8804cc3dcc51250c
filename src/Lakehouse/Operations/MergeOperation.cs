using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// MERGE by key columns in one commit: source upserts update the matching target rows (or insert when none
/// matches), source deletes remove them. Files whose key ranges (file statistics, partition values) cannot hold a
/// source key are neither read nor rewritten; a matched upsert identical to its target row changes nothing. With
/// change data feed on, every change is written to <c>_change_data</c> as insert, delete, or an
/// update_preimage/update_postimage pair.
/// </summary>
/// <remarks>
/// Steps: index the source by key, match it against every file that may hold one of its keys (rewriting the files
/// that change), add the unmatched upserts as inserts, write what is left, and build the commit. <see cref="MergeWork"/>
/// carries what the steps accumulate.
/// </remarks>
internal static class MergeOperation
{
    public sealed record Prepared(PendingCommit? Request, long Inserted, long Updated, long Deleted, long Unchanged);

    public static async Task<Prepared> PrepareAsync(
        ILakeStorage storage, string tablePath, TableState state, IReadOnlyList<string> keyColumns, IReadOnlyList<MergeRow> source,
        TxnAction? txn, CancellationToken cancellationToken)
    {
        var keyOrdinals = KeyOrdinals(state.Metadata.Schema, keyColumns);
        var bySourceKey = IndexSource(state.Metadata.Schema, keyOrdinals, source);
        var work = new MergeWork(storage, tablePath, state, keyOrdinals, bySourceKey);
        foreach (var file in state.Files)
        {
            await work.MatchFileAsync(file, cancellationToken).ConfigureAwait(false);
        }

        work.AddInserts();
        if (!work.ChangesAnything)
        {
            return new Prepared(null, 0, 0, 0, work.Unchanged);
        }

        await work.FlushAsync(0, cancellationToken).ConfigureAwait(false);
        return new Prepared(Commit(state, keyColumns, source.Count, txn, work), work.Inserted, work.Updated, work.Deleted, work.Unchanged);
    }

    private static int[] KeyOrdinals(StructType schema, IReadOnlyList<string> keyColumns)
    {
        if (keyColumns.Count == 0)
        {
            throw new ArgumentException("A merge needs at least one key column.", nameof(keyColumns));
        }

        return keyColumns.Select(c => schema.IndexOf(c) is var i and >= 0
            ? i
            : throw new ArgumentException($"Merge key column '{c}' is not in the table schema.", nameof(keyColumns))).ToArray();
    }

    /// <summary>The source rows by key; a row of the wrong width or a key given twice is the caller's error.</summary>
    private static Dictionary<object?[], MergeRow> IndexSource(StructType schema, int[] keyOrdinals, IReadOnlyList<MergeRow> source)
    {
        var bySourceKey = new Dictionary<object?[], MergeRow>(RowValues.Comparer);
        for (var r = 0; r < source.Count; r++)
        {
            var row = source[r].Row;
            if (row.Length != schema.Fields.Count)
            {
                throw new ArgumentException($"Source row {r} has {row.Length} values but the table has {schema.Fields.Count} columns.", nameof(source));
            }

            if (!bySourceKey.TryAdd(MergeWork.Key(row, keyOrdinals), source[r]))
            {
                throw new ArgumentException(
                    $"Source rows hold key ({string.Join(", ", MergeWork.Key(row, keyOrdinals))}) more than once; a merge needs one source row per key. " +
                    "Deduplicate the source (keep the latest change per key) before merging.", nameof(source));
            }
        }

        return bySourceKey;
    }

    private static PendingCommit Commit(TableState state, IReadOnlyList<string> keyColumns, int sourceRows, TxnAction? txn, MergeWork work)
    {
        var metrics = new Dictionary<string, string>
        {
            [OperationMetricNames.NumSourceRows] = WriteOperations.Str(sourceRows),
            [OperationMetricNames.NumTargetRowsInserted] = WriteOperations.Str(work.Inserted),
            [OperationMetricNames.NumTargetRowsUpdated] = WriteOperations.Str(work.Updated),
            [OperationMetricNames.NumTargetRowsDeleted] = WriteOperations.Str(work.Deleted),
            [OperationMetricNames.NumTargetRowsCopied] = WriteOperations.Str(work.Copied - work.Updated),
            [OperationMetricNames.NumTargetFilesAdded] = WriteOperations.Str(work.Adds.Count),
            [OperationMetricNames.NumTargetFilesRemoved] = WriteOperations.Str(work.Removes.Count),
            [OperationMetricNames.NumTargetChangeFilesAdded] = WriteOperations.Str(work.ChangeFiles.Count),
        };
        return new PendingCommit(
            state.Version,
            [.. work.Removes, .. work.Adds, .. work.ChangeFiles],
            DeltaOperations.Merge,
            new Dictionary<string, string> { ["predicate"] = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}")) },
            metrics,
            txn,
            work.ReadFiles,
            IsBlindAppend: false,
            ReadPredicate: new KeySetPredicate(state, work.KeyOrdinals, work.SourceKeys));
    }
}
