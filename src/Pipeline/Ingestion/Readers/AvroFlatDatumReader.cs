using Avro;
using Avro.Generic;
using Avro.IO;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Decodes records whose fields are all primitives (or unions of primitives, such as ["null","string"]) straight into
/// an array of field values, the same values <see cref="GenericRecord.GetValue"/> would give, without building a
/// <see cref="GenericRecord"/> (a per-record object and its field dictionary). <see cref="TryCreate"/> declines any
/// other schema, and the caller falls back to the generic reader.
/// </summary>
internal sealed class AvroFlatDatumReader : DatumReader<object?[]>
{
    private readonly Schema.Type[][] _branches;
    private readonly object?[] _values;

    private AvroFlatDatumReader(RecordSchema schema, Schema.Type[][] branches)
    {
        WriterSchema = schema;
        _branches = branches;
        _values = new object?[branches.Length];
    }

    public Schema ReaderSchema => WriterSchema;

    public Schema WriterSchema { get; }

    public int FieldCount => _branches.Length;

    /// <summary>A reader for <paramref name="schema"/>, or null when a field is not a plain primitive or a union of them.</summary>
    public static AvroFlatDatumReader? TryCreate(Schema schema)
    {
        if (schema is not RecordSchema record)
        {
            return null;
        }

        var branches = new Schema.Type[record.Fields.Count][];
        for (var i = 0; i < branches.Length; i++)
        {
            var type = record.Fields[i].Schema;
            if (type is UnionSchema union)
            {
                branches[i] = new Schema.Type[union.Count];
                for (var b = 0; b < union.Count; b++)
                {
                    if (!IsPlain(union[b]))
                    {
                        return null;
                    }

                    branches[i][b] = union[b].Tag;
                }
            }
            else if (IsPlain(type))
            {
                branches[i] = [type.Tag];
            }
            else
            {
                return null;
            }
        }

        return new AvroFlatDatumReader(record, branches);
    }

    /// <summary>
    /// Decodes one record into an array this reader owns and refills on every call (the file reader asks without a
    /// <paramref name="reuse"/> object): the caller copies the values out before reading the next record.
    /// </summary>
    public object?[] Read(object?[] reuse, Decoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var values = reuse is not null && reuse.Length == _branches.Length ? reuse : _values;
        for (var i = 0; i < _branches.Length; i++)
        {
            var branches = _branches[i];
            var tag = branches[0];
            if (branches.Length > 1 || tag == Schema.Type.Null)
            {
                var index = branches.Length == 1 ? 0 : decoder.ReadUnionIndex();
                if ((uint)index >= (uint)branches.Length)
                {
                    // Corrupt data: the caller quarantines the block, as it does for any decoding failure.
                    throw new AvroException($"Union branch {index} is out of range for field {i}.");
                }

                tag = branches[index];
            }

            values[i] = tag switch
            {
                Schema.Type.Null => null,
                Schema.Type.String => decoder.ReadString(),
                Schema.Type.Long => decoder.ReadLong(),
                Schema.Type.Int => decoder.ReadInt(),
                Schema.Type.Double => decoder.ReadDouble(),
                Schema.Type.Float => decoder.ReadFloat(),
                Schema.Type.Boolean => decoder.ReadBoolean(),
                Schema.Type.Bytes => decoder.ReadBytes(),
                _ => throw new AvroException($"Unexpected Avro type {tag}."),
            };
        }

        return values;
    }

    // A PrimitiveSchema carries no logical type (those are LogicalSchema), so its generic value is the plain CLR value.
    private static bool IsPlain(Schema schema) =>
        schema is PrimitiveSchema && schema.Tag is Schema.Type.Null or Schema.Type.Boolean or Schema.Type.Int or Schema.Type.Long
            or Schema.Type.Float or Schema.Type.Double or Schema.Type.Bytes or Schema.Type.String;
}
