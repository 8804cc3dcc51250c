using Avro;
using Avro.File;
using Avro.Generic;

namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>Encounters as an Avro object container file with the reference project's schema (nullable unions).</summary>
internal sealed class EncounterAvroWriter : IDisposable
{
    private const string SchemaJson =
        """{"type":"record","name":"Encounter","fields":[{"name":"ID","type":["null","string"]},{"name":"DATE","type":["null","string"]},{"name":"PATIENT","type":["null","string"]},{"name":"CODE","type":["null","long"]},{"name":"DESCRIPTION","type":["null","string"]},{"name":"REASONCODE","type":["null","double"]},{"name":"REASONDESCRIPTION","type":["null","string"]}]}""";

    private static readonly RecordSchema Schema = (RecordSchema)Avro.Schema.Parse(SchemaJson);
    private readonly IFileWriter<GenericRecord> _writer;

    public EncounterAvroWriter(string path)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(Schema), stream, Codec.CreateCodec(Codec.Type.Deflate));
    }

    public long Rows { get; private set; }

    public void Write(string? id, string date, string? patient, long code, string description, double reasonCode, string? reasonDescription)
    {
        var record = new GenericRecord(Schema);
        record.Add("ID", id);
        record.Add("DATE", date);
        record.Add("PATIENT", patient);
        record.Add("CODE", code);
        record.Add("DESCRIPTION", description);
        record.Add("REASONCODE", reasonCode);
        record.Add("REASONDESCRIPTION", reasonDescription);
        _writer.Append(record);
        Rows++;
    }

    public void Dispose() => _writer.Dispose();
}
