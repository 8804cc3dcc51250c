using System.Runtime.CompilerServices;
using Avro;
using Avro.File;
using Avro.Generic;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Avro object container files through Apache.Avro (every codec it supports). A part is a run of blocks:
/// it seeks to its first block and stops at the first block that starts at or after its end. Records of flat schemas
/// (every field a primitive or a union of primitives) decode straight into value arrays (<see cref="AvroFlatDatumReader"/>);
/// other schemas go through the generic reader.
/// </summary>
internal sealed class AvroRecordSource : IRecordSource
{
    private readonly SourceFileInfo _file;
    private readonly FilePart _part;
    private readonly DatasetDefinition _dataset;
    private readonly DataFileReader<object?[]> _reader;
    private readonly ColumnBinding _binding;
    private readonly string[] _fieldNames;

    private AvroRecordSource(SourceFileInfo file, DatasetDefinition dataset, FilePart part, DataFileReader<object?[]> reader, ColumnBinding binding)
    {
        _file = file;
        _dataset = dataset;
        _part = part;
        _reader = reader;
        _binding = binding;
        _fieldNames = ((RecordSchema)reader.GetSchema()).Fields.Select(f => f.Name).ToArray();

        // A record with a field that is not of type null takes at least one byte uncompressed (a union's branch index, a
        // length, a value); deflate expands at most 1032 to 1. A schema of null fields only has no such bound.
        var schema = (RecordSchema)reader.GetSchema();
        var codec = reader.GetMetaKeys().Contains("avro.codec") ? reader.GetMetaString("avro.codec") : null;
        _maxRecordsPerByte = schema.Fields.All(f => f.Schema.Tag == Schema.Type.Null) ? long.MaxValue / 2
            : codec is null or "null" ? 1 : 1032;
    }

    private readonly long _maxRecordsPerByte;

    public static AvroRecordSource Open(SourceFileInfo file, DatasetDefinition dataset, FilePart part)
    {
        var stream = SourceFiles.OpenRead(file);
        DataFileReader<object?[]> reader;
        try
        {
            reader = (DataFileReader<object?[]>)DataFileReader<object?[]>.OpenReader(
                stream, null, (writer, _) => (DatumReader<object?[]>?)AvroFlatDatumReader.TryCreate(writer) ?? new AvroGenericRowDatumReader(writer), leaveOpen: false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Whatever the header's damage, the library fails in its own way (AvroException, a JSON parser's exception for
            // a damaged schema, IOException...): none of it is recoverable, and all of it means the same to the submitter.
            stream.Dispose();
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Corrupt, "the file is not an Avro object container file (bad or truncated header).", null, e);
        }

        try
        {
            if (reader.GetSchema() is not RecordSchema schema)
            {
                throw new InputFileException(file.RelativePath, InputFileErrorKind.Corrupt, "the Avro schema is not a record schema.");
            }

            var names = new string?[schema.Fields.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = schema.Fields[i].Name;
            }

            if (part.Unit == FilePartUnit.Bytes && part.Start > 0)
            {
                reader.Seek(part.Start);
            }

            return new AvroRecordSource(file, dataset, part, reader, ColumnBinding.Bind(dataset, names));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(RowBuilder builder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var targets = _binding.Targets;
        var names = _binding.Names;
        var types = new Lakehouse.Schema.DeltaType[_dataset.RawColumnCount];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = _dataset.RawSchema.Fields[i].Type;
        }

        var row = _part.FirstRow - 1;
        var bounded = _part.Unit == FilePartUnit.Bytes;
        object?[]? record = null;
        List<(long Start, long Count)>? blocks = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception? failure = null;
            try
            {
                if (!_reader.HasNext() || (bounded && _reader.PreviousSync() >= _part.End))
                {
                    break;
                }

                // The flat reader refills one array: the builder copies the values out before the next record.
                record = _reader.Next();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }

            if (failure is not null)
            {
                // Records inside a block have no framing of their own, so a bad block is skipped whole: its
                // undecoded records are quarantined (the block header gives their number) and reading resumes
                // at the next block. Broken framing (a truncated file) leaves nothing to resume from.
                blocks ??= await AvroBlockScanner.ScanBlocksAsync(_file, cancellationToken).ConfigureAwait(false);
                var bad = FindBlock(blocks, row);
                if (bad < 0)
                {
                    throw new InputFileException(_file.RelativePath, InputFileErrorKind.Corrupt, "the Avro data is truncated or corrupt; the record could not be decoded.", row + 1, failure);
                }

                if (bounded && blocks![bad].Start >= _part.End)
                {
                    // The library fails while loading the block after this part's last one (decompressing it): that block is
                    // the next part's to read and to quarantine.
                    break;
                }

                var (start, remaining) = (blocks![bad].Start, BlockEnd(blocks, bad) - row);
                var blockBytes = (bad + 1 < blocks.Count ? blocks[bad + 1].Start : _file.Length) - start;
                if (remaining / _maxRecordsPerByte > blockBytes)
                {
                    // A count no block of this size can hold is damaged framing, not records: quarantining that many rows
                    // would only manufacture them (and a count near 2^63 would never end).
                    throw new InputFileException(
                        _file.RelativePath, InputFileErrorKind.Corrupt, $"the Avro block starting at byte {start} claims {BlockCount(blocks, bad)} records in {blockBytes} bytes.", row + 1);
                }

                var reason = $"The Avro block starting at byte {start} could not be decoded (corrupt data); its remaining {remaining} records are quarantined.";
                for (var k = 0; k < remaining; k++)
                {
                    builder.Quarantine(++row, reason, (string?)null);
                    if (builder.IsFull)
                    {
                        yield return builder.TakeBatch();
                    }
                }

                if (bad + 1 >= blocks.Count || (bounded && blocks[bad + 1].Start >= _part.End))
                {
                    // The next block, if any, is another part's.
                    break;
                }

                _reader.Seek(blocks[bad + 1].Start);
                continue;
            }

            row++;
            builder.Begin(row);
            for (var i = 0; i < targets.Length; i++)
            {
                var value = record![i];
                if (value is null)
                {
                    continue;
                }

                var target = targets[i];
                if (target < 0)
                {
                    ClrValues.Rescue(builder, names[i], value);
                }
                else if (ClrValues.TryConvert(value, types[target], out var converted))
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
                builder.Quarantine(row, builder.MissingKeyReason, RecordJson(record!));
            }

            if (builder.IsFull)
            {
                yield return builder.TakeBatch();
                await Task.Yield();
            }
        }

        if (builder.HasPending)
        {
            yield return builder.TakeBatch();
        }
    }

    /// <summary>The record as JSON, field by field in schema order (as the generic record would be written).</summary>
    private string RecordJson(object?[] values)
    {
        if (values.Length > _fieldNames.Length && values[^1] is GenericRecord generic)
        {
            return ClrValues.ToJson(generic);
        }

        var fields = new Dictionary<object, object?>(_fieldNames.Length);
        for (var i = 0; i < _fieldNames.Length; i++)
        {
            fields[_fieldNames[i]] = values[i];
        }

        return ClrValues.ToJson(fields);
    }

    /// <summary>Index of the block holding file record <paramref name="rowsBefore"/> + 1, or -1.</summary>
    private static int FindBlock(List<(long Start, long Count)>? blocks, long rowsBefore)
    {
        if (blocks is null)
        {
            return -1;
        }

        long cumulative = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            cumulative += blocks[i].Count;
            if (rowsBefore < cumulative)
            {
                return i;
            }
        }

        return -1;
    }

    private static long BlockCount(List<(long Start, long Count)> blocks, int index) => blocks[index].Count;

    private static long BlockEnd(List<(long Start, long Count)> blocks, int index)
    {
        long cumulative = 0;
        for (var i = 0; i <= index; i++)
        {
            cumulative += blocks[i].Count;
        }

        return cumulative;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
