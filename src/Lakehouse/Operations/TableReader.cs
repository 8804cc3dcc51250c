using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// Reads the rows of a snapshot: every active data file, row group by row group, with partition columns filled from
/// the log. Rows follow the table schema's column order; files are read in path order so output is deterministic.
/// </summary>
public static class TableReader
{
    public static TableRows Read(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var files = snapshot.Files.OrderBy(f => f.Key.Path, StringComparer.Ordinal).Select(f => f.Value).ToList();
        return new TableRows(snapshot.Schema, ReadFilesAsync(snapshot.Storage, snapshot.TablePath, snapshot.Version, snapshot.Schema, snapshot.PartitionColumns, files, cancellationToken));
    }

    /// <summary>Rows of the given files (adds of one version, say) as rows of <paramref name="schema"/>.</summary>
    internal static async IAsyncEnumerable<object?[]> ReadFilesAsync(
        ILakeStorage storage, string tablePath, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IEnumerable<AddFileAction> files, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            var path = Snapshot.ResolvePath(tablePath, file.Path);
            await foreach (var row in ReadFileAsync(storage, path, version, schema, partitionColumns, file.PartitionValues, null, cancellationToken)
                               .ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Rows of one data (or change) file as rows of <paramref name="schema"/> plus <paramref name="extra"/> columns read
    /// from the file too (such as <c>_change_type</c>). Partition columns come from <paramref name="partitionValues"/>.
    /// </summary>
    internal static async IAsyncEnumerable<object?[]> ReadFileAsync(
        ILakeStorage storage, string path, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string?>? partitionValues, IReadOnlyList<StructField>? extra,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var width = schema.Fields.Count + (extra?.Count ?? 0);
        var partition = new HashSet<string>(partitionColumns, StringComparer.OrdinalIgnoreCase);
        var dataFields = new List<StructField>();
        var dataOrdinals = new List<int>();
        var constants = new object?[width];
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (partition.Contains(field.Name))
            {
                constants[i] = PartitionValueParser.Parse(Lookup(partitionValues, field.Name), field.Type, field.Name);
            }
            else
            {
                dataFields.Add(field);
                dataOrdinals.Add(i);
            }
        }

        for (var i = 0; i < (extra?.Count ?? 0); i++)
        {
            dataFields.Add(extra![i]);
            dataOrdinals.Add(schema.Fields.Count + i);
        }

        var projection = new StructType(dataFields);
        var reader = await OpenAsync(storage, path, version, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var rows = await reader.ReadRowGroupAsync(g, projection, cancellationToken).ConfigureAwait(false);
                foreach (var data in rows)
                {
                    var row = (object?[])constants.Clone();
                    for (var c = 0; c < data.Length; c++)
                    {
                        row[dataOrdinals[c]] = data[c];
                    }

                    yield return row;
                }
            }
        }
    }

    private static async Task<ParquetFileReader> OpenAsync(ILakeStorage storage, string path, long version, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await storage.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw MissingDataFileException.For(path, version, e);
        }

        try
        {
            return await ParquetFileReader.CreateAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaLakeException e)
        {
            throw new DeltaLakeException($"Data file '{path}' of table version {version} cannot be read: {e.Message}", e);
        }
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?>? values, string column)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(column, out var v))
        {
            return v;
        }

        // Column names are case-insensitive in Delta; some writers change the case in partitionValues.
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
