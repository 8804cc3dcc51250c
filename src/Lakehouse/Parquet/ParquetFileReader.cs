using Kardiaflow.Lakehouse.Schema;
using global::Parquet;
using global::Parquet.Data;
using PqDataField = Parquet.Schema.DataField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Reads a Parquet file one row group at a time as rows of Delta CLR values (see <see cref="DeltaType"/>), through
/// Parquet.Net's column API. The row-based deserializer is avoided on purpose: it drops null fields and throws on
/// footers with a repeated key-value metadata key, which Databricks writes.
/// Memory is bounded by one row group of the requested columns.
/// </summary>
public sealed class ParquetFileReader : IAsyncDisposable
{
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = false };
    private readonly ParquetReader _reader;

    private ParquetFileReader(ParquetReader reader)
    {
        _reader = reader;
        Schema = ReadTypeMapping.ToDelta(reader.Schema.Fields);
        RowCount = reader.Metadata?.NumRows ?? reader.RowGroups.Sum(g => g.RowCount);
    }

    /// <summary>The file's columns as Delta types.</summary>
    public StructType Schema { get; }

    public int RowGroupCount => _reader.RowGroupCount;

    public long RowCount { get; }

    /// <summary>Opens a Parquet file. The stream must be seekable; it is disposed with the reader.</summary>
    public static async Task<ParquetFileReader> CreateAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, Options, leaveStreamOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new DeltaLakeException($"Not a readable Parquet file ({e.Message}).", e);
        }

        try
        {
            return new ParquetFileReader(reader);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Number of rows in one row group.</summary>
    public long RowGroupRowCount(int index) => _reader.RowGroups[index].RowCount;

    /// <summary>
    /// Reads the rows of one row group, each an object?[] aligned with <paramref name="projection"/> (or with
    /// <see cref="Schema"/> when null). File columns not requested are not read; requested columns (or struct fields)
    /// missing from the file are null. Names match exactly, then ignoring case (Spark's column resolution).
    /// </summary>
    public async Task<IReadOnlyList<object?[]>> ReadRowGroupAsync(int index, StructType? projection, CancellationToken cancellationToken)
    {
        projection ??= Schema;
        using var columns = await ReadColumnsAsync(index, projection, cancellationToken).ConfigureAwait(false);
        var ordinals = Enumerable.Range(0, projection.Fields.Count).ToArray();
        var rows = new object?[columns.RowCount][];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new object?[ordinals.Length];
            columns.Fill(r, row, ordinals);
            rows[r] = row;
        }

        return rows;
    }

    /// <summary>
    /// Decodes the requested columns of one row group (see <see cref="ReadRowGroupAsync"/>) without building rows, so
    /// callers can build rows of their own shape, one at a time.
    /// </summary>
    internal async Task<RowGroupColumns> ReadColumnsAsync(int index, StructType projection, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowGroupCount);
        using var group = _reader.OpenRowGroupReader(index);
        var rowCount = checked((int)group.RowCount);
        var columns = new ColumnSource?[projection.Fields.Count];
        try
        {
            for (var i = 0; i < columns.Length; i++)
            {
                var requested = projection.Fields[i];
                var file = ReadNode.Find(_reader.Schema.Fields, requested.Name);
                if (file is null)
                {
                    continue;
                }

                if (DenseColumnReader.Applies(file, requested.Type))
                {
                    var field = (PqDataField)file;
                    var raw = await ReadRawAsync(group, field, requested.Name, cancellationToken).ConfigureAwait(false);
                    columns[i] = DenseColumnReader.Build(raw, field, requested.Type, rowCount, requested.Name);
                    continue;
                }

                var node = ReadNode.Build(file, requested.Type, 0, 0, requested.Name);
                foreach (var leaf in node.Leaves)
                {
                    await LoadAsync(group, leaf, rowCount, cancellationToken).ConfigureAwait(false);
                }

                columns[i] = new NestedColumn(node);
            }
        }
        catch
        {
            foreach (var column in columns)
            {
                column?.Dispose();
            }

            throw;
        }

        return new RowGroupColumns(columns, rowCount);
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static async Task LoadAsync(ParquetRowGroupReader group, ReadLeaf leaf, int rowCount, CancellationToken cancellationToken)
    {
        var field = leaf.Field;
        using var raw = await ReadRawAsync(group, field, leaf.Column, cancellationToken).ConfigureAwait(false);
        var definitions = field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : null;
        var repetitions = field.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : null;
        var values = leaf.Discard ? [] : ReadValueConverter.Convert(raw, leaf.Type, leaf.Column);
        leaf.Load(definitions, repetitions, values, rowCount);
    }

    private static async Task<RawColumnData> ReadRawAsync(ParquetRowGroupReader group, PqDataField field, string column, CancellationToken cancellationToken)
    {
        if (!group.ColumnExists(field))
        {
            throw new DeltaLakeException($"Column '{column}' is declared in the Parquet footer but has no data in the row group; the file is corrupt.");
        }

        return await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
    }
}
