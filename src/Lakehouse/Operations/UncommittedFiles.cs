using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// Data and change-data files of an unpartitioned table written without opening the table or committing: for writers
/// that own some of a table's files (Gold's aggregator partitions, on any silo) and hand the actions to one committer
/// (<see cref="DeltaTable.CommitAsync(IReadOnlyList{DeltaAction}, string, IReadOnlyDictionary{string, string}?, TxnAction?, CancellationToken)"/>).
/// Files never committed are invisible, and vacuum removes them once older than the retention.
/// </summary>
public static class UncommittedFiles
{
    /// <summary>Writes <paramref name="rows"/> (aligned with <paramref name="schema"/>) as data files; returns their add actions.</summary>
    public static Task<IReadOnlyList<AddFileAction>> WriteDataAsync(
        ILakeStorage storage, string tablePath, StructType schema, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        DataFileWriter.WriteAsync(storage, tablePath, Metadata(schema), rows, dataChange: true, cancellationToken);

    /// <summary>
    /// Writes change rows (table rows with one more value at the end, the <c>_change_type</c>) under <c>_change_data/</c>;
    /// returns their cdc actions (none for no rows).
    /// </summary>
    public static Task<IReadOnlyList<CdcFileAction>> WriteChangesAsync(
        ILakeStorage storage, string tablePath, StructType schema, IReadOnlyList<object?[]> changeRows, CancellationToken cancellationToken) =>
        DataFileWriter.WriteChangesAsync(storage, tablePath, Metadata(schema), changeRows, cancellationToken);

    /// <summary>The remove action of a file this writer added earlier (a data change: its rows are rewritten or gone).</summary>
    public static RemoveFileAction Remove(string path, long size) =>
        new(path, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), DataChange: true, ExtendedFileMetadata: true, new Dictionary<string, string?>(), size);

    private static MetadataAction Metadata(StructType schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new MetadataAction(string.Empty, null, null, "parquet", SchemaJson.Serialize(schema), schema, [], new Dictionary<string, string>(), null);
    }
}
