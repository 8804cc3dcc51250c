using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Reads the rows of a snapshot: every active data file, row group by row group, with partition columns filled from
/// the log. Rows follow the table schema's column order; files are read in path order so output is deterministic.
/// </summary>
public static class TableReader
{
    public static TableRows Read(Snapshot snapshot, CancellationToken cancellationToken) => Read(snapshot, null, cancellationToken);

    /// <summary>
    /// Rows of the snapshot with only <paramref name="columns"/> read from the data files (names compared
    /// case-insensitively; null reads every column). Rows keep the table's width: the other data columns are null
    /// (partition columns cost nothing and are always filled).
    /// </summary>
    public static TableRows Read(Snapshot snapshot, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var files = snapshot.Files.OrderBy(f => f.Key.Path, StringComparer.Ordinal)
            .Select(f => (Snapshot.ResolvePath(snapshot.TablePath, f.Value.Path), (IReadOnlyDictionary<string, string?>?)f.Value.PartitionValues)).ToList();
        var selected = columns is null ? null : new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        return new TableRows(snapshot.Schema, ReadAsync(snapshot.Storage, snapshot.Version, snapshot.Schema, snapshot.PartitionColumns, files, null, selected, cancellationToken));
    }

    /// <summary>
    /// The rows of the snapshot whose <paramref name="column"/> holds one of <paramref name="values"/> (compared with
    /// <see cref="object.Equals(object?)"/>). Each file's column is read first, and the whole file only when it holds a
    /// match, so a lookup in a large table reads one column of the files that hold nothing.
    /// </summary>
    public static async IAsyncEnumerable<object?[]> ReadMatchingAsync(
        Snapshot snapshot, string column, IReadOnlySet<object> values, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(values);
        var ordinal = snapshot.Schema.IndexOf(column) is var i and >= 0
            ? i
            : throw new ArgumentException($"Column '{column}' is not in the table schema.", nameof(column));
        if (values.Count == 0)
        {
            yield break;
        }

        var only = new HashSet<string>([snapshot.Schema.Fields[ordinal].Name], StringComparer.OrdinalIgnoreCase);
        foreach (var file in snapshot.Files.OrderBy(f => f.Key.Path, StringComparer.Ordinal))
        {
            var located = (Snapshot.ResolvePath(snapshot.TablePath, file.Value.Path), (IReadOnlyDictionary<string, string?>?)file.Value.PartitionValues);
            var holds = false;
            await foreach (var keys in ReadAsync(snapshot.Storage, snapshot.Version, snapshot.Schema, snapshot.PartitionColumns, [located], null, only, cancellationToken).ConfigureAwait(false))
            {
                if (keys[ordinal] is { } key && values.Contains(key))
                {
                    holds = true;
                    break;
                }
            }

            if (!holds)
            {
                continue;
            }

            await foreach (var row in ReadAsync(snapshot.Storage, snapshot.Version, snapshot.Schema, snapshot.PartitionColumns, [located], null, null, cancellationToken).ConfigureAwait(false))
            {
                if (row[ordinal] is { } value && values.Contains(value))
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>
    /// Rows of one data (or change) file as rows of <paramref name="schema"/> plus <paramref name="extra"/> columns read
    /// from the file too (such as <c>_change_type</c>). Partition columns come from <paramref name="partitionValues"/>.
    /// </summary>
    internal static IAsyncEnumerable<object?[]> ReadFileAsync(
        ILakeStorage storage, string path, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string?>? partitionValues, IReadOnlyList<StructField>? extra, CancellationToken cancellationToken) =>
        ReadAsync(storage, version, schema, partitionColumns, [(path, partitionValues)], extra, null, cancellationToken);

    /// <summary>
    /// Decodes row groups one ahead of the rows being handed out (see <see cref="ReadAhead"/>), and builds each row once,
    /// at its final width, straight from the decoded columns.
    /// </summary>
    private static async IAsyncEnumerable<object?[]> ReadAsync(
        ILakeStorage storage, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IEnumerable<(string Path, IReadOnlyDictionary<string, string?>? PartitionValues)> files, IReadOnlyList<StructField>? extra,
        IReadOnlySet<string>? selected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var width = schema.Fields.Count + (extra?.Count ?? 0);
        var groups = ReadAhead.RunAsync(DecodeAsync(storage, version, schema, partitionColumns, files, extra, selected, cancellationToken), cancellationToken);
        await foreach (var group in groups.ConfigureAwait(false))
        {
            using var columns = group.Columns;
            for (var r = 0; r < columns.RowCount; r++)
            {
                var row = group.Layout.Constants is { } constants ? (object?[])constants.Clone() : new object?[width];
                columns.Fill(r, row, group.Layout.Ordinals);
                yield return row;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static async IAsyncEnumerable<DecodedGroup> DecodeAsync(
        ILakeStorage storage, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IEnumerable<(string Path, IReadOnlyDictionary<string, string?>? PartitionValues)> files, IReadOnlyList<StructField>? extra,
        IReadOnlySet<string>? selected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (path, partitionValues) in files)
        {
            var layout = ReadLayout.For(schema, partitionColumns, partitionValues, extra, selected);
            var reader = await OpenAsync(storage, path, version, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    yield return new DecodedGroup(await reader.ReadColumnsAsync(g, layout.Projection, cancellationToken).ConfigureAwait(false), layout);
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

    private sealed record DecodedGroup(RowGroupColumns Columns, ReadLayout Layout) : IDisposable
    {
        public void Dispose() => Columns.Dispose();
    }
}
