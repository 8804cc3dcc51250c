using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// Writes rows of a table as data files (and change rows as <c>_change_data</c> files): splits them by partition into
/// Hive-style folders, leaves partition columns out of the files as Spark does, and writes large batches as several
/// files in parallel. Nothing is committed here.
/// </summary>
internal static class DataFileWriter
{
    /// <summary>Below this a batch is one file per partition; above it, it is split so every core encodes a file.</summary>
    public const int ParallelSplitRows = 250_000;

    /// <summary>The largest data file we write, in rows.</summary>
    public const int MaxRowsPerFile = 2_000_000;

    public const string ChangeTypeColumn = "_change_type";

    public static Task<IReadOnlyList<AddFileAction>> WriteAsync(
        ILakeStorage storage, string tablePath, MetadataAction metadata, IReadOnlyList<object?[]> rows, bool dataChange,
        CancellationToken cancellationToken) =>
        WriteAsync(storage, tablePath, metadata, rows, dataChange, "part", cancellationToken);

    /// <summary>As <see cref="WriteAsync(ILakeStorage, string, MetadataAction, IReadOnlyList{object?[]}, bool, CancellationToken)"/>, naming the files <c>{filePrefix}-….parquet</c>.</summary>
    public static async Task<IReadOnlyList<AddFileAction>> WriteAsync(
        ILakeStorage storage, string tablePath, MetadataAction metadata, IReadOnlyList<object?[]> rows, bool dataChange, string filePrefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var layout = FileLayout.For(metadata.Schema, metadata.PartitionColumns, extraColumn: null);
        var written = await WriteFilesAsync(storage, tablePath, layout, rows, filePrefix, "", cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return written
            .Select(f => new AddFileAction(DeltaPath.Encode(f.RelativePath), f.PartitionValues, f.Size, now, dataChange, f.Stats))
            .ToArray();
    }

    /// <summary>
    /// Writes change rows: each row is a table row with one more element at the end, its <c>_change_type</c>
    /// (insert, delete, update_preimage, update_postimage).
    /// </summary>
    public static Task<IReadOnlyList<CdcFileAction>> WriteChangesAsync(
        ILakeStorage storage, string tablePath, MetadataAction metadata, IReadOnlyList<object?[]> changeRows, CancellationToken cancellationToken) =>
        WriteChangesAsync(storage, tablePath, metadata, changeRows, "cdc", cancellationToken);

    /// <summary>As <see cref="WriteChangesAsync(ILakeStorage, string, MetadataAction, IReadOnlyList{object?[]}, CancellationToken)"/>, naming the files <c>{filePrefix}-….parquet</c>.</summary>
    public static async Task<IReadOnlyList<CdcFileAction>> WriteChangesAsync(
        ILakeStorage storage, string tablePath, MetadataAction metadata, IReadOnlyList<object?[]> changeRows, string filePrefix,
        CancellationToken cancellationToken)
    {
        if (changeRows.Count == 0)
        {
            return [];
        }

        var extra = new StructField(ChangeTypeColumn, PrimitiveType.String, Nullable: false);
        var layout = FileLayout.For(metadata.Schema, metadata.PartitionColumns, extra);
        var written = await WriteFilesAsync(storage, tablePath, layout, changeRows, filePrefix, "_change_data/", cancellationToken).ConfigureAwait(false);
        return written.Select(f => new CdcFileAction(DeltaPath.Encode(f.RelativePath), f.PartitionValues, f.Size)).ToArray();
    }

    private static async Task<IReadOnlyList<WrittenFile>> WriteFilesAsync(
        ILakeStorage storage, string tablePath, FileLayout layout, IReadOnlyList<object?[]> rows, string prefix, string folder,
        CancellationToken cancellationToken)
    {
        var width = layout.Ordinals.Length + layout.PartitionColumns.Count;
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not { } row || row.Length != width)
            {
                throw new ArgumentException(
                    $"Row {r} has {rows[r]?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} values but the table has {width} columns; " +
                    "rows must be object?[] aligned with the table schema.", nameof(rows));
            }
        }

        var chunks = new List<(string? Folder, Dictionary<string, string?> Values, IReadOnlyList<object?[]> Rows)>();
        foreach (var (partition, partitionRows) in SplitByPartition(layout, rows))
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < layout.PartitionColumns.Count; i++)
            {
                values[layout.PartitionColumns[i]] = partition[i];
            }

            var partitionFolder = layout.PartitionColumns.Count == 0 ? null : PartitionPaths.Folder(layout.PartitionColumns, partition);
            foreach (var chunk in Chunk(partitionRows))
            {
                chunks.Add((partitionFolder, values, chunk));
            }
        }

        var batch = Guid.NewGuid().ToString("D");
        using var gate = new SemaphoreSlim(Environment.ProcessorCount);
        var tasks = chunks.Select(async (chunk, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var name = $"{prefix}-{index:D5}-{batch}.c000.snappy.parquet";
                var relative = folder + (chunk.Folder is null ? name : chunk.Folder + "/" + name);
                using var buffer = new MemoryStream();
                var result = await ParquetFileWriter.WriteAsync(buffer, layout.FileSchema, chunk.Rows, layout.Ordinals, cancellationToken)
                    .ConfigureAwait(false);
                await storage.WriteAsync(TableLayout.Combine(tablePath, relative), buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken)
                    .ConfigureAwait(false);
                return new WrittenFile(relative, chunk.Values, buffer.Length, result.StatsJson);
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static IEnumerable<(string?[] Partition, IReadOnlyList<object?[]> Rows)> SplitByPartition(FileLayout layout, IReadOnlyList<object?[]> rows)
    {
        if (layout.PartitionColumns.Count == 0)
        {
            yield return ([], rows);
            yield break;
        }

        var groups = new Dictionary<string, (string?[] Values, List<object?[]> Rows)>(StringComparer.Ordinal);
        var order = new List<string>();
        var key = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            var values = new string?[layout.PartitionOrdinals.Count];
            key.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                var field = layout.TableSchema.Fields[layout.PartitionOrdinals[i]];
                values[i] = PartitionPaths.Serialize(row[layout.PartitionOrdinals[i]], field.Type, field.Name);

                // A length prefix keeps (null) and ("") and values containing the separator apart.
                key.Append(values[i] is null ? "-1" : values[i]!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(values[i]);
            }

            var k = key.ToString();
            if (!groups.TryGetValue(k, out var group))
            {
                group = (values, []);
                groups[k] = group;
                order.Add(k);
            }

            group.Rows.Add(row);
        }

        foreach (var k in order)
        {
            yield return (groups[k].Values, groups[k].Rows);
        }
    }

    private static IEnumerable<IReadOnlyList<object?[]>> Chunk(IReadOnlyList<object?[]> rows)
    {
        var files = rows.Count < ParallelSplitRows
            ? 1
            : Math.Max(Environment.ProcessorCount, (rows.Count + MaxRowsPerFile - 1) / MaxRowsPerFile);
        if (files == 1)
        {
            yield return rows;
            yield break;
        }

        var size = (rows.Count + files - 1) / files;
        for (var start = 0; start < rows.Count; start += size)
        {
            yield return new RowSlice(rows, start, Math.Min(size, rows.Count - start));
        }
    }

    private sealed record WrittenFile(string RelativePath, IReadOnlyDictionary<string, string?> PartitionValues, long Size, string Stats);

    /// <summary>The table schema split into what goes into files and what goes into folder names.</summary>
    private sealed record FileLayout(
        StructType TableSchema, StructType FileSchema, int[] Ordinals, IReadOnlyList<string> PartitionColumns, IReadOnlyList<int> PartitionOrdinals)
    {
        public static FileLayout For(StructType schema, IReadOnlyList<string> partitionColumns, StructField? extraColumn)
        {
            var partitionOrdinals = partitionColumns.Select(c => schema.IndexOf(c) is var i and >= 0
                ? i
                : throw new DeltaLakeException($"Partition column '{c}' is not in the table schema; the table metadata is inconsistent.")).ToArray();
            var fields = new List<StructField>();
            var ordinals = new List<int>();
            for (var i = 0; i < schema.Fields.Count; i++)
            {
                if (!partitionOrdinals.Contains(i))
                {
                    fields.Add(schema.Fields[i]);
                    ordinals.Add(i);
                }
            }

            if (extraColumn is not null)
            {
                fields.Add(extraColumn);
                ordinals.Add(schema.Fields.Count);
            }

            return new FileLayout(schema, new StructType(fields), ordinals.ToArray(), partitionColumns, partitionOrdinals);
        }
    }
}
