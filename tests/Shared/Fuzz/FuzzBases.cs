using Avro.File;
using Avro.Generic;
using Kardiaflow.Lakehouse.Parquet;

namespace Kardiaflow.Tests.Shared.Fuzz;

/// <summary>
/// The well-formed inputs the fuzzer starts from, all cut from the repository's samples: lines of the patients CSV, the
/// providers TSV and the feedback JSONL, and small Avro (null and deflate codecs, many blocks) and Parquet (many row
/// groups) files re-written from the encounters and claims samples.
/// </summary>
internal sealed class FuzzBases
{
    private static readonly Lazy<Dictionary<string, FuzzBases>> Cache = new(() => []);

    private FuzzBases(string samplesRoot)
    {
        var patients = Lines(Path.Combine(samplesRoot, "patients", "patients_part_1.csv"));
        // The sample's header runs over two lines (a trailing comma, then ADDRESS on its own line): kept as it is.
        PatientsHeader = [patients[0], patients[1]];
        PatientLines = patients[2..];
        var providers = Lines(Path.Combine(samplesRoot, "providers", "providers_part_1.tsv"));
        ProvidersHeader = providers[0];
        ProviderLines = providers[1..];
        FeedbackLines = Lines(Path.Combine(samplesRoot, "feedback", "feedback_part_1.jsonl"));
        Avro = BuildAvro(Path.Combine(samplesRoot, "encounters", "encounters_part_1.avro"));
        Parquet = BuildParquetAsync(Path.Combine(samplesRoot, "claims", "claims_part_1.parquet")).GetAwaiter().GetResult();
    }

    public string[] PatientsHeader { get; }

    public string[] PatientLines { get; }

    public string ProvidersHeader { get; }

    public string[] ProviderLines { get; }

    public string[] FeedbackLines { get; }

    /// <summary>Encounter files: (description, bytes, records).</summary>
    public IReadOnlyList<(string Name, byte[] Bytes, int Records)> Avro { get; }

    /// <summary>Claim files: (description, bytes, records).</summary>
    public IReadOnlyList<(string Name, byte[] Bytes, int Records)> Parquet { get; }

    public static FuzzBases For(string samplesRoot)
    {
        lock (Cache.Value)
        {
            if (!Cache.Value.TryGetValue(samplesRoot, out var bases))
            {
                bases = new FuzzBases(samplesRoot);
                Cache.Value[samplesRoot] = bases;
            }

            return bases;
        }
    }

    private static string[] Lines(string path) =>
        File.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    private static List<(string, byte[], int)> BuildAvro(string sample)
    {
        var records = new List<GenericRecord>();
        Avro.Schema schema;
        using (var reader = DataFileReader<GenericRecord>.OpenReader(sample))
        {
            schema = reader.GetSchema();
            while (reader.HasNext() && records.Count < 200)
            {
                records.Add(reader.Next());
            }
        }

        var bases = new List<(string, byte[], int)>();
        foreach (var codec in new[] { Codec.Type.Null, Codec.Type.Deflate })
        {
            foreach (var (count, syncInterval) in new[] { (12, 600), (60, 1500), (200, 4000) })
            {
                using var stream = new MemoryStream();
                using (var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), stream, Codec.CreateCodec(codec), leaveOpen: true))
                {
                    writer.SetSyncInterval(syncInterval);
                    foreach (var record in records.Take(count))
                    {
                        writer.Append(record);
                    }
                }

                bases.Add(($"avro {codec} {count} records", stream.ToArray(), count));
            }
        }

        return bases;
    }

    private static async Task<List<(string, byte[], int)>> BuildParquetAsync(string sample)
    {
        IReadOnlyList<object?[]> rows;
        Lakehouse.Schema.StructType schema;
        await using (var reader = await ParquetFileReader.CreateAsync(File.OpenRead(sample), CancellationToken.None))
        {
            schema = reader.Schema;
            rows = await reader.ReadRowGroupAsync(0, null, CancellationToken.None);
        }

        var bases = new List<(string, byte[], int)>();
        foreach (var (count, groupSize) in new[] { (10, 10), (60, 15), (200, 50) })
        {
            using var stream = new MemoryStream();
            await ParquetFileWriter.WriteAsync(stream, schema, rows.Take(count).ToList(), null, CancellationToken.None, groupSize);
            bases.Add(($"parquet {count} rows in groups of {groupSize}", stream.ToArray(), count));
        }

        return bases;
    }
}
