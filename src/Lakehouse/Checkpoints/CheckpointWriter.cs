using System.Text.Json;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Checkpoints;

/// <summary>
/// Writes a classic single-file checkpoint (<c>_delta_log/&lt;v&gt;.checkpoint.parquet</c>: one row per protocol,
/// metaData, txn, add and unexpired remove action, each in its own struct column) and points
/// <c>_last_checkpoint</c> at it. A checkpoint only speeds up loading; the commit it follows is already durable.
/// </summary>
internal static class CheckpointWriter
{
    public const int DefaultInterval = 10;

    public const string IntervalKey = "delta.checkpointInterval";

    private static readonly MapType StringMap = new(PrimitiveType.String, PrimitiveType.String, ValueContainsNull: true);

    private static readonly StructType Schema = new(
    [
        new StructField("txn", new StructType(
        [
            new StructField("appId", PrimitiveType.String),
            new StructField("version", PrimitiveType.Long),
            new StructField("lastUpdated", PrimitiveType.Long),
        ])),
        new StructField("add", new StructType(
        [
            new StructField("path", PrimitiveType.String),
            new StructField("partitionValues", StringMap),
            new StructField("size", PrimitiveType.Long),
            new StructField("modificationTime", PrimitiveType.Long),
            new StructField("dataChange", PrimitiveType.Boolean),
            new StructField("tags", StringMap),
            new StructField("stats", PrimitiveType.String),
        ])),
        new StructField("remove", new StructType(
        [
            new StructField("path", PrimitiveType.String),
            new StructField("deletionTimestamp", PrimitiveType.Long),
            new StructField("dataChange", PrimitiveType.Boolean),
            new StructField("extendedFileMetadata", PrimitiveType.Boolean),
            new StructField("partitionValues", StringMap),
            new StructField("size", PrimitiveType.Long),
        ])),
        new StructField("metaData", new StructType(
        [
            new StructField("id", PrimitiveType.String),
            new StructField("name", PrimitiveType.String),
            new StructField("description", PrimitiveType.String),
            new StructField("format", new StructType(
            [
                new StructField("provider", PrimitiveType.String),
                new StructField("options", StringMap),
            ])),
            new StructField("schemaString", PrimitiveType.String),
            new StructField("partitionColumns", new ArrayType(PrimitiveType.String, ContainsNull: true)),
            new StructField("configuration", StringMap),
            new StructField("createdTime", PrimitiveType.Long),
        ])),
        new StructField("protocol", new StructType(
        [
            new StructField("minReaderVersion", PrimitiveType.Integer),
            new StructField("minWriterVersion", PrimitiveType.Integer),
            new StructField("readerFeatures", new ArrayType(PrimitiveType.String, ContainsNull: true)),
            new StructField("writerFeatures", new ArrayType(PrimitiveType.String, ContainsNull: true)),
        ])),
    ]);

    /// <summary>The table's <c>delta.checkpointInterval</c>, or 10.</summary>
    public static int Interval(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(IntervalKey, out var s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultInterval;

    public static async Task WriteAsync(
        ILakeStorage storage, string tablePath, long version, ProtocolAction protocol, MetadataAction metadata,
        IEnumerable<TxnAction> txns, IEnumerable<AddFileAction> adds, IEnumerable<RemoveFileAction> tombstones, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>
        {
            new object?[] { null, null, null, null, ProtocolRow(protocol) },
            new object?[] { null, null, null, MetadataRow(metadata), null },
        };
        rows.AddRange(txns.Select(t => new object?[] { new object?[] { t.AppId, t.Version, t.LastUpdated }, null, null, null, null }));
        var numAdds = 0L;
        foreach (var a in adds)
        {
            numAdds++;
            rows.Add([null, new object?[] { a.Path, a.PartitionValues, a.Size, a.ModificationTime, false, a.Tags, a.Stats }, null, null, null]);
        }

        rows.AddRange(tombstones.Select(r => new object?[]
        {
            null, null, new object?[] { r.Path, r.DeletionTimestamp, false, r.ExtendedFileMetadata, r.PartitionValues, r.Size }, null, null,
        }));

        using var buffer = new MemoryStream();
        await ParquetFileWriter.WriteAsync(buffer, Schema, rows, null, cancellationToken).ConfigureAwait(false);
        await storage.WriteAsync(TableLayout.CheckpointFile(tablePath, version), buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken)
            .ConfigureAwait(false);

        var last = JsonSerializer.SerializeToUtf8Bytes(new LastCheckpoint(version, rows.Count, buffer.Length, numAdds), LastCheckpointJson.Default.LastCheckpoint);
        await storage.WriteAsync(TableLayout.LastCheckpointFile(tablePath), last, cancellationToken).ConfigureAwait(false);
    }

    private static object?[] ProtocolRow(ProtocolAction p) =>
        [p.MinReaderVersion, p.MinWriterVersion, p.ReaderFeatures?.Cast<object?>().ToArray(), p.WriterFeatures?.Cast<object?>().ToArray()];

    private static object?[] MetadataRow(MetadataAction m) =>
    [
        m.Id,
        m.Name,
        m.Description,
        new object?[] { m.Format, new Dictionary<string, string?>() },
        m.SchemaString,
        m.PartitionColumns.Cast<object?>().ToArray(),
        m.Configuration.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal),
        m.CreatedTime,
    ];
}
