using Kardiaflow.Lakehouse.Log;
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
internal static class MergeOperation
{
    /// <summary>Rewritten rows held before they are written out as a data file.</summary>
    private const int FlushRows = 250_000;

    public sealed record Prepared(PendingCommit? Request, long Inserted, long Updated, long Deleted, long Unchanged);

    public static async Task<Prepared> PrepareAsync(
        ILakeStorage storage, string tablePath, TableState state, IReadOnlyList<string> keyColumns, IReadOnlyList<MergeRow> source,
        TxnAction? txn, CancellationToken cancellationToken)
    {
        var schema = state.Metadata.Schema;
        if (keyColumns.Count == 0)
        {
            throw new ArgumentException("A merge needs at least one key column.", nameof(keyColumns));
        }

        var keyOrdinals = keyColumns.Select(c => schema.IndexOf(c) is var i and >= 0
            ? i
            : throw new ArgumentException($"Merge key column '{c}' is not in the table schema.", nameof(keyColumns))).ToArray();

        var bySourceKey = new Dictionary<object?[], MergeRow>(RowValues.Comparer);
        for (var r = 0; r < source.Count; r++)
        {
            var row = source[r].Row;
            if (row.Length != schema.Fields.Count)
            {
                throw new ArgumentException($"Source row {r} has {row.Length} values but the table has {schema.Fields.Count} columns.", nameof(source));
            }

            if (!bySourceKey.TryAdd(Key(row, keyOrdinals), source[r]))
            {
                throw new ArgumentException(
                    $"Source rows hold key ({string.Join(", ", Key(row, keyOrdinals))}) more than once; a merge needs one source row per key. " +
                    "Deduplicate the source (keep the latest change per key) before merging.", nameof(source));
            }
        }

        var pruning = new KeyRangePruning(state.Metadata, keyOrdinals, bySourceKey.Keys);
        // One string key column (Silver's): files are checked against the source keys by their characters, no rows made.
        var textKeys = keyOrdinals.Length == 1 && schema.Fields[keyOrdinals[0]].Type == PrimitiveType.String
            && !state.Metadata.PartitionColumns.Contains(schema.Fields[keyOrdinals[0]].Name) && bySourceKey.Keys.All(k => k[0] is string)
            ? bySourceKey.Keys.Select(k => k[0]).OfType<string>().ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>()
            : (HashSet<string>.AlternateLookup<ReadOnlySpan<char>>?)null;
        var cdf = state.ChangeDataFeed;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var matched = new HashSet<object?[]>(RowValues.Comparer);
        var removes = new List<DeltaAction>();
        var rewritten = new List<object?[]>();
        var adds = new List<AddFileAction>();
        long copied = 0;
        var changes = new List<object?[]>();
        var cdc = new List<CdcFileAction>();
        var readFiles = new List<string>();
        long updated = 0, deleted = 0, unchanged = 0;
        foreach (var file in state.Files)
        {
            if (!pruning.MayContainKeys(file))
            {
                continue;
            }

            readFiles.Add(file.Path);
            // Keys first: most files of a table with random keys hold none of the source's, and then need no full read.
            var holdsKey = textKeys is { } texts
                ? await FileRowsReader.HoldsAnyTextAsync(storage, tablePath, state, file, keyOrdinals[0], texts, cancellationToken).ConfigureAwait(false)
                : (await FileRowsReader.ReadAsync(storage, tablePath, state, file, cancellationToken, keyOrdinals).ConfigureAwait(false))
                    .Exists(k => bySourceKey.ContainsKey(Key(k, keyOrdinals)));
            if (!holdsKey)
            {
                continue;
            }

            var rows = await FileRowsReader.ReadAsync(storage, tablePath, state, file, cancellationToken).ConfigureAwait(false);
            var output = new List<object?[]>(rows.Count);
            var changed = false;
            foreach (var row in rows)
            {
                var key = Key(row, keyOrdinals);
                if (!bySourceKey.TryGetValue(key, out var src))
                {
                    output.Add(row);
                    continue;
                }

                matched.Add(key);
                if (src.Delete)
                {
                    changed = true;
                    deleted++;
                    AddChange(changes, cdf, row, "delete");
                }
                else if (RowValues.Comparer.Equals(row, src.Row))
                {
                    unchanged++;
                    output.Add(row);
                }
                else
                {
                    changed = true;
                    updated++;
                    output.Add(src.Row);
                    AddChange(changes, cdf, row, "update_preimage");
                    AddChange(changes, cdf, src.Row, "update_postimage");
                }
            }

            if (changed)
            {
                removes.Add(WriteOperations.ToRemove(file, now));
                rewritten.AddRange(output);
                copied += output.Count;
            }

            if (rewritten.Count >= FlushRows)
            {
                // Memory stays bounded by FlushRows, not by the table: a merge may touch every file of a large table.
                adds.AddRange(await DataFileWriter.WriteAsync(storage, tablePath, state.Metadata, rewritten, dataChange: true, cancellationToken).ConfigureAwait(false));
                rewritten.Clear();
            }

            if (changes.Count >= FlushRows)
            {
                // The change data too: an update holds two rows (pre- and post-image) per changed row.
                cdc.AddRange(await DataFileWriter.WriteChangesAsync(storage, tablePath, state.Metadata, changes, cancellationToken).ConfigureAwait(false));
                changes.Clear();
            }
        }

        long inserted = 0;
        foreach (var (key, src) in bySourceKey)
        {
            if (!src.Delete && !matched.Contains(key))
            {
                inserted++;
                rewritten.Add(src.Row);
                AddChange(changes, cdf, src.Row, "insert");
            }
        }

        if (removes.Count == 0 && inserted == 0)
        {
            return new Prepared(null, 0, 0, 0, unchanged);
        }

        if (rewritten.Count > 0)
        {
            adds.AddRange(await DataFileWriter.WriteAsync(storage, tablePath, state.Metadata, rewritten, dataChange: true, cancellationToken).ConfigureAwait(false));
        }

        if (cdf && changes.Count > 0)
        {
            cdc.AddRange(await DataFileWriter.WriteChangesAsync(storage, tablePath, state.Metadata, changes, cancellationToken).ConfigureAwait(false));
        }

        var metrics = new Dictionary<string, string>
        {
            [OperationMetricNames.NumSourceRows] = WriteOperations.Str(source.Count),
            [OperationMetricNames.NumTargetRowsInserted] = WriteOperations.Str(inserted),
            [OperationMetricNames.NumTargetRowsUpdated] = WriteOperations.Str(updated),
            [OperationMetricNames.NumTargetRowsDeleted] = WriteOperations.Str(deleted),
            [OperationMetricNames.NumTargetRowsCopied] = WriteOperations.Str(copied - updated),
            [OperationMetricNames.NumTargetFilesAdded] = WriteOperations.Str(adds.Count),
            [OperationMetricNames.NumTargetFilesRemoved] = WriteOperations.Str(removes.Count),
            [OperationMetricNames.NumTargetChangeFilesAdded] = WriteOperations.Str(cdc.Count),
        };
        var request = new PendingCommit(
            state.Version,
            [.. removes, .. adds, .. cdc],
            DeltaOperations.Merge,
            new Dictionary<string, string> { ["predicate"] = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}")) },
            metrics,
            txn,
            readFiles,
            IsBlindAppend: false);
        return new Prepared(request, inserted, updated, deleted, unchanged);
    }

    private static object?[] Key(object?[] row, int[] ordinals)
    {
        var key = new object?[ordinals.Length];
        for (var i = 0; i < ordinals.Length; i++)
        {
            key[i] = row[ordinals[i]];
        }

        return key;
    }

    private static void AddChange(List<object?[]> changes, bool cdf, object?[] row, string changeType)
    {
        if (cdf)
        {
            changes.Add([.. row, changeType]);
        }
    }
}
