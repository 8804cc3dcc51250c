using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// DELETE by a row predicate: files with no matching row stay, files whose rows all match are removed, others are
/// rewritten without the matching rows. With change data feed on, the deleted rows go to a <c>_change_data</c> file.
/// Every scanned file is a read file: a concurrent rewrite of any of them might have changed what matches; a concurrent
/// commit that added a row the predicate matches is a conflict too (<see cref="RowPredicate"/>).
/// </summary>
internal static class DeleteOperation
{
    public static async Task<(PendingCommit? Request, long Deleted)> PrepareAsync(
        ILakeStorage storage, string tablePath, TableState state, Func<object?[], bool> predicate, string description,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var removes = new List<DeltaAction>();
        var kept = new List<object?[]>();
        var deleted = new List<object?[]>();
        var cdf = state.ChangeDataFeed;
        var copied = 0L;
        foreach (var file in state.Files)
        {
            var rows = await FileRowsReader.ReadAsync(storage, tablePath, state, file, cancellationToken).ConfigureAwait(false);
            var before = deleted.Count;
            var survivors = new List<object?[]>(rows.Count);
            foreach (var row in rows)
            {
                if (predicate(row))
                {
                    deleted.Add(cdf ? [.. row, "delete"] : row);
                }
                else
                {
                    survivors.Add(row);
                }
            }

            if (deleted.Count == before)
            {
                continue;
            }

            removes.Add(WriteOperations.ToRemove(file, now));
            kept.AddRange(survivors);
            copied += survivors.Count;
        }

        if (deleted.Count == 0)
        {
            return (null, 0);
        }

        var adds = kept.Count == 0
            ? []
            : await DataFileWriter.WriteAsync(storage, tablePath, state.Metadata, kept, dataChange: true, cancellationToken).ConfigureAwait(false);
        var cdc = cdf
            ? await DataFileWriter.WriteChangesAsync(storage, tablePath, state.Metadata, deleted, cancellationToken).ConfigureAwait(false)
            : [];
        var metrics = new Dictionary<string, string>
        {
            [OperationMetricNames.NumDeletedRows] = WriteOperations.Str(deleted.Count),
            [OperationMetricNames.NumRemovedFiles] = WriteOperations.Str(removes.Count),
            [OperationMetricNames.NumAddedFiles] = WriteOperations.Str(adds.Count),
            [OperationMetricNames.NumCopiedRows] = WriteOperations.Str(copied),
            [OperationMetricNames.NumAddedChangeFiles] = WriteOperations.Str(cdc.Count),
        };
        var request = new PendingCommit(
            state.Version,
            [.. removes, .. adds, .. cdc],
            DeltaOperations.Delete,
            new Dictionary<string, string> { ["predicate"] = description },
            metrics,
            Txn: null,
            ReadFiles: state.Files.Select(f => f.Path).ToArray(),
            IsBlindAppend: false,
            ReadPredicate: new RowPredicate(state, predicate, description));
        return (request, deleted.Count);
    }
}
