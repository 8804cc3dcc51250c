using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Parquet through the engine's adapter (the only code that touches Parquet.Net); a part is a range of row
/// groups. Memory is bounded by one row group. A row group whose data cannot be decoded is quarantined row by
/// row (the footer gives its row count), so the rest of the file still lands.
/// </summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    private readonly SourceFileInfo _file;
    private readonly DatasetDefinition _dataset;
    private readonly FilePart _part;
    private readonly ParquetFileReader _reader;
    private readonly ColumnBinding _binding;

    private ParquetRecordSource(SourceFileInfo file, DatasetDefinition dataset, FilePart part, ParquetFileReader reader)
    {
        _file = file;
        _dataset = dataset;
        _part = part;
        _reader = reader;
        var names = new string?[reader.Schema.Fields.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.Schema.Fields[i].Name;
        }

        _binding = ColumnBinding.Bind(dataset, names);
    }

    public static async Task<ParquetRecordSource> OpenAsync(SourceFileInfo file, DatasetDefinition dataset, FilePart part, CancellationToken cancellationToken)
    {
        var reader = await OpenReaderAsync(file, cancellationToken).ConfigureAwait(false);
        return new ParquetRecordSource(file, dataset, part, reader);
    }

    /// <summary>Row-group cuts for the planner, sized by each group's share of the file's rows.</summary>
    public static async Task<PartCuts> PlanAsync(SourceFileInfo file, long target, CancellationToken cancellationToken)
    {
        var reader = await OpenReaderAsync(file, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var total = Math.Max(1, reader.RowCount);
            var cuts = new List<(long, long)> { (0, 1) };
            double partBytes = 0;
            long rows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                if (g > 0 && partBytes >= target)
                {
                    cuts.Add((g, rows + 1));
                    partBytes = 0;
                }

                var count = reader.RowGroupRowCount(g);
                partBytes += (double)file.Length * count / total;
                rows += count;
            }

            return new PartCuts(cuts, reader.RowGroupCount);
        }
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var targets = _binding.Targets;
        var names = _binding.Names;
        var types = new DeltaType[_dataset.RawColumnCount];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = _dataset.RawSchema.Fields[i].Type;
        }

        var first = _part.Unit == FilePartUnit.RowGroups ? (int)_part.Start : 0;
        var end = _part.Unit == FilePartUnit.RowGroups ? (int)_part.End : _reader.RowGroupCount;
        var row = _part.FirstRow - 1;
        for (var g = first; g < end; g++)
        {
            IReadOnlyList<object?[]>? rows;
            try
            {
                rows = await _reader.ReadRowGroupAsync(g, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rows = null;
            }

            if (rows is null)
            {
                var count = _reader.RowGroupRowCount(g);
                var reason = $"The Parquet row group {g} could not be decoded (corrupt column data); its {count} rows are quarantined.";
                for (var r = 0; r < count; r++)
                {
                    builder.Quarantine(++row, reason, (string?)null);
                    if (builder.IsFull)
                    {
                        yield return builder.TakeBatch();
                    }
                }

                continue;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                var values = rows[r];
                row++;
                builder.Begin(row);
                for (var i = 0; i < targets.Length; i++)
                {
                    var value = values[i];
                    if (value is null)
                    {
                        continue;
                    }

                    var target = targets[i];
                    if (target >= 0 && ClrValues.TryConvert(value, types[target], out var converted))
                    {
                        builder.SetValue(target, converted);
                    }
                    else
                    {
                        ClrValues.Rescue(builder, names[i], value);
                    }
                }

                if (!builder.TryCommit())
                {
                    builder.Quarantine(row, builder.MissingKeyReason, RowJson(values));
                }

                if (builder.IsFull)
                {
                    yield return builder.TakeBatch();
                }
            }
        }

        if (builder.HasPending)
        {
            yield return builder.TakeBatch();
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static async Task<ParquetFileReader> OpenReaderAsync(SourceFileInfo file, CancellationToken cancellationToken)
    {
        Stream stream = SourceFiles.OpenRead(file);
        try
        {
            stream = FooterPaddedStream.Wrap(stream);
            return await ParquetFileReader.CreateAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InputFileException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Corrupt, "the file is not a readable Parquet file (missing or corrupt footer).", null, e);
        }
    }

    private string RowJson(object?[] values)
    {
        var fields = _reader.Schema.Fields;
        var record = new Dictionary<object, object?>(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            record[fields[i].Name] = values[i];
        }

        return ClrValues.ToJson(record);
    }
}
