using Kardiaflow.Lakehouse.Schema;
using global::Parquet;
using PqDataField = Parquet.Schema.DataField;
using PqSchema = Parquet.Schema.ParquetSchema;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Writes rows (object?[] holding the CLR values documented on <see cref="DeltaType"/>) as one Parquet file through
/// Parquet.Net's column API, Snappy-compressed (Parquet.Net's default zstd level is far too slow for appends), and
/// returns the file's Delta statistics.
/// </summary>
public static class ParquetFileWriter
{
    /// <summary>Rows per row group: large enough for fast scans, small enough to bound a reader's memory.</summary>
    public const int DefaultRowGroupSize = 1 << 20;

    /// <param name="output">A writable, seekable stream; left open.</param>
    /// <param name="schema">The file's columns, in file order.</param>
    /// <param name="rows">The rows; only the positions named by <paramref name="ordinals"/> are read.</param>
    /// <param name="ordinals">For each field of <paramref name="schema"/>, its position in a row; null when rows are aligned with the schema.
    /// Lets partitioned writes drop partition columns without copying rows.</param>
    public static async Task<ParquetWriteResult> WriteAsync(
        Stream output, StructType schema, IReadOnlyList<object?[]> rows, IReadOnlyList<int>? ordinals, CancellationToken cancellationToken,
        int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        if (ordinals is not null && ordinals.Count != schema.Fields.Count)
        {
            throw new ArgumentException($"{ordinals.Count} ordinals were given for {schema.Fields.Count} columns.", nameof(ordinals));
        }

        var fields = schema.Fields.Select(ParquetWriteSchema.ToParquet).ToArray();
        var parquetSchema = new PqSchema(fields);
        var stats = schema.Fields.Select(f => new ColumnStats(f.Name)).ToArray();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };

        var writer = await ParquetWriter.CreateAsync(parquetSchema, output, options, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            // An empty file still gets one (empty) row group so every reader sees the schema and zero rows.
            for (var start = 0; start < rows.Count || start == 0; start += rowGroupSize)
            {
                var count = Math.Min(rowGroupSize, rows.Count - start);
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    var column = schema.Fields[c];
                    var ordinal = ordinals?[c] ?? c;
                    if (FlatColumnWriter.Supports(column.Type))
                    {
                        await FlatColumnWriter.WriteAsync(group, (PqDataField)fields[c], column, rows, ordinal, start, count, stats[c], cancellationToken)
                            .ConfigureAwait(false);
                    }
                    else
                    {
                        var shredder = new NestedColumnShredder(column, fields[c]);
                        for (var r = start; r < start + count; r++)
                        {
                            shredder.Add(rows[r][ordinal], r);
                        }

                        await shredder.WriteAsync(group, cancellationToken).ConfigureAwait(false);
                    }
                }

                group.CompleteValidate();
                if (rows.Count == 0)
                {
                    break;
                }
            }
        }

        var statsColumns = stats.Where((_, i) => FlatColumnWriter.Supports(schema.Fields[i].Type)).ToArray();
        return new ParquetWriteResult(rows.Count, DeltaStatsJson.Write(rows.Count, statsColumns));
    }
}
