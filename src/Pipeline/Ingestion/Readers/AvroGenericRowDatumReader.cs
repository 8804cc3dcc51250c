using Avro;
using Avro.Generic;
using Avro.IO;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// The general path for schemas <see cref="AvroFlatDatumReader"/> declines (nested records, enums, logical types...):
/// Apache.Avro's generic reader, its record's field values laid out as an array with the record itself in one more
/// slot at the end (a missing-key quarantine row quotes it as JSON).
/// </summary>
internal sealed class AvroGenericRowDatumReader(Schema writerSchema) : DatumReader<object?[]>
{
    private readonly GenericDatumReader<object> _inner = new(writerSchema, writerSchema);
    private readonly int _fieldCount = writerSchema is RecordSchema record ? record.Fields.Count : 0;

    public Schema ReaderSchema => writerSchema;

    public Schema WriterSchema => writerSchema;

    public object?[] Read(object?[] reuse, Decoder decoder)
    {
        var datum = _inner.Read(null!, decoder);
        var values = new object?[_fieldCount + 1];
        if (datum is GenericRecord record)
        {
            for (var i = 0; i < _fieldCount; i++)
            {
                values[i] = record.GetValue(i);
            }
        }

        values[_fieldCount] = datum;
        return values;
    }
}
