using System.Globalization;
using System.Text;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Reads the rows of one data file as full table rows (partition values put back from the add action), for the
/// operations that rewrite files: delete and merge. With <c>onlyOrdinals</c>, only those columns are read (the others
/// stay null): a merge first looks at a file's keys alone.
/// </summary>
internal static class FileRowsReader
{
    public static async Task<List<object?[]>> ReadAsync(
        ILakeStorage storage, string tablePath, TableState state, AddFileAction file, CancellationToken cancellationToken,
        IReadOnlyCollection<int>? onlyOrdinals = null)
    {
        var schema = state.Metadata.Schema;
        var partitionColumns = state.Metadata.PartitionColumns;
        var dataOrdinals = Enumerable.Range(0, schema.Fields.Count)
            .Where(i => !partitionColumns.Contains(schema.Fields[i].Name) && (onlyOrdinals is null || onlyOrdinals.Contains(i))).ToArray();
        var projection = new StructType(dataOrdinals.Select(i => schema.Fields[i]).ToArray());
        var partitionValues = new object?[schema.Fields.Count];
        foreach (var column in partitionColumns)
        {
            var i = schema.IndexOf(column);
            file.PartitionValues.TryGetValue(column, out var raw);
            partitionValues[i] = Parse(raw, schema.Fields[i].Type, column);
        }

        var stream = await OpenAsync(storage, tablePath, state, file, cancellationToken).ConfigureAwait(false);

        var rows = new List<object?[]>();
        await using (stream.ConfigureAwait(false))
        {
            var reader = await ParquetFileReader.CreateAsync(stream, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var columns = await reader.ReadColumnsAsync(g, projection, cancellationToken).ConfigureAwait(false);
                    for (var r = 0; r < columns.RowCount; r++)
                    {
                        var row = (object?[])partitionValues.Clone();
                        columns.Fill(r, row, dataOrdinals);
                        rows.Add(row);
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// Whether the data column at <paramref name="ordinal"/> (a string column, not a partition column) holds any of
    /// <paramref name="texts"/>: only that column is decoded, and no row or string is made for it. A merge asks this of
    /// every file, so with random keys it is most of a merge's reading.
    /// </summary>
    public static async Task<bool> HoldsAnyTextAsync(
        ILakeStorage storage, string tablePath, TableState state, AddFileAction file, int ordinal,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> texts, CancellationToken cancellationToken)
    {
        var projection = new StructType([state.Metadata.Schema.Fields[ordinal]]);
        var stream = await OpenAsync(storage, tablePath, state, file, cancellationToken).ConfigureAwait(false);

        await using (stream.ConfigureAwait(false))
        {
            var reader = await ParquetFileReader.CreateAsync(stream, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var columns = await reader.ReadColumnsAsync(g, projection, cancellationToken).ConfigureAwait(false);
                    if (columns.AnyTextIn(0, texts))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static async Task<Stream> OpenAsync(ILakeStorage storage, string tablePath, TableState state, AddFileAction file, CancellationToken cancellationToken)
    {
        var path = TableLayout.DataFile(tablePath, file.Path);
        try
        {
            return await storage.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw MissingDataFileException.For(path, state.Version, e);
        }
    }

    /// <summary>The inverse of <see cref="PartitionPaths.Serialize"/>.</summary>
    public static object? Parse(string? value, DeltaType type, string column)
    {
        if (value is null)
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            DecimalType => decimal.Parse(value, NumberStyles.Float, c),
            PrimitiveType p => p.Name switch
            {
                "string" => value,
                "long" => long.Parse(value, c),
                "integer" => int.Parse(value, c),
                "short" => short.Parse(value, c),
                "byte" => sbyte.Parse(value, c),
                "float" => float.Parse(value, c),
                "double" => double.Parse(value, c),
                "boolean" => bool.Parse(value),
                "date" => DateOnly.ParseExact(value, "yyyy-MM-dd", c),
                "timestamp" => DateTime.Parse(value, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                "binary" => Encoding.Latin1.GetBytes(value),
                _ => throw new UnsupportedTypeException($"Partition column '{column}' has type '{p.Name}', which cannot be a partition column."),
            },
            _ => throw new UnsupportedTypeException($"Partition column '{column}' has type '{type.TypeName}'; only primitive types can partition a table."),
        };
    }
}
