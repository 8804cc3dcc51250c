using System.Globalization;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>Commit requests for appends and overwrites, and the helpers other operations share.</summary>
internal static class WriteOperations
{
    public static PendingCommit Append(TableState state, IReadOnlyList<AddFileAction> adds, TxnAction? txn) =>
        new(state.Version, adds, DeltaOperations.Write,
            new Dictionary<string, string> { ["mode"] = "Append", ["partitionBy"] = PartitionBy(state) },
            FileMetrics(adds),
            txn,
            ReadFiles: [],
            IsBlindAppend: true);

    /// <summary>Replaces every file of the version read; a concurrent remove of any of them is a conflict.</summary>
    public static PendingCommit Overwrite(TableState state, IReadOnlyList<AddFileAction> adds, TxnAction? txn)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var removes = state.Files.Select(f => ToRemove(f, now)).ToList();
        var metrics = FileMetrics(adds);
        metrics[OperationMetricNames.NumRemovedFiles] = Str(removes.Count);
        return new PendingCommit(state.Version, [.. removes, .. adds], DeltaOperations.Write,
            new Dictionary<string, string> { ["mode"] = "Overwrite", ["partitionBy"] = PartitionBy(state) },
            metrics,
            txn,
            ReadFiles: state.Files.Select(f => f.Path).ToArray(),
            IsBlindAppend: false);
    }

    public static RemoveFileAction ToRemove(AddFileAction add, long deletionTimestamp) =>
        new(add.Path, deletionTimestamp, DataChange: true, ExtendedFileMetadata: true, add.PartitionValues, add.Size);

    public static Dictionary<string, string> FileMetrics(IReadOnlyList<AddFileAction> adds) => new()
    {
        [OperationMetricNames.NumFiles] = Str(adds.Count),
        [OperationMetricNames.NumOutputRows] = Str(adds.Sum(a => TableRowCount.NumRecords(a) ?? 0)),
        [OperationMetricNames.NumOutputBytes] = Str(adds.Sum(a => a.Size)),
    };

    public static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string PartitionBy(TableState state) =>
        System.Text.Json.JsonSerializer.Serialize(state.Metadata.PartitionColumns, PartitionColumnsJson.Default.IReadOnlyListString);
}
