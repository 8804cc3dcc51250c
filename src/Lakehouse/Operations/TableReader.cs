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
    internal static IAsyncEnumerable<object?[]> ReadFilesAsync(
        ILakeStorage storage, string tablePath, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IEnumerable<AddFileAction> files, CancellationToken cancellationToken) =>
        ReadAsync(
            storage, version, schema, partitionColumns, files.Select(f => (Snapshot.ResolvePath(tablePath, f.Path), (IReadOnlyDictionary<string, string?>?)f.PartitionValues)),
            null, cancellationToken);

    /// <summary>
    /// Rows of one data (or change) file as rows of <paramref name="schema"/> plus <paramref name="extra"/> columns read
    /// from the file too (such as <c>_change_type</c>). Partition columns come from <paramref name="partitionValues"/>.
    /// </summary>
    internal static IAsyncEnumerable<object?[]> ReadFileAsync(
        ILakeStorage storage, string path, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string?>? partitionValues, IReadOnlyList<StructField>? extra, CancellationToken cancellationToken) =>
        ReadAsync(storage, version, schema, partitionColumns, [(path, partitionValues)], extra, cancellationToken);

    /// <summary>
    /// Decodes row groups one ahead of the rows being handed out (see <see cref="ReadAhead"/>), and builds each row once,
    /// at its final width, straight from the decoded columns.
    /// </summary>
    private static async IAsyncEnumerable<object?[]> ReadAsync(
        ILakeStorage storage, long version, StructType schema, IReadOnlyList<string> partitionColumns,
        IEnumerable<(string Path, IReadOnlyDictionary<string, string?>? PartitionValues)> files, IReadOnlyList<StructField>? extra,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var width = schema.Fields.Count + (extra?.Count ?? 0);
        var groups = ReadAhead.RunAsync(DecodeAsync(storage, version, schema, partitionColumns, files, extra, cancellationToken), cancellationToken);
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
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (path, partitionValues) in files)
        {
            var layout = ReadLayout.For(schema, partitionColumns, partitionValues, extra);
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
