using Avro.File;
using Avro.Generic;
using DuckDB.NET.Data;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// The DuckDB peers' Avro reader: DuckDB's Avro extension cannot be installed offline, so encounter files are read with
/// Apache.Avro (the library our reader uses too) and appended as Bronze rows (raw columns then the audit columns).
/// Records with a null or empty ID are skipped, as Bronze quarantines them.
/// </summary>
internal static class AvroEncounterAppender
{
    public static void Append(DuckDBAppender appender, string path, string sourceFile, DateTime ingestTimestamp, CancellationToken cancellationToken)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        long row = 0;
        foreach (var record in reader.NextEntries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = record.GetValue(0) as string;
            row++;
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }

            appender.CreateRow()
                .AppendValue(id).AppendValue(record.GetValue(1) as string).AppendValue(record.GetValue(2) as string)
                .AppendValue(record.GetValue(3) as long?).AppendValue(record.GetValue(4) as string)
                .AppendValue(record.GetValue(5) as double?).AppendValue(record.GetValue(6) as string)
                .AppendValue(ingestTimestamp).AppendValue(sourceFile).AppendValue(row).AppendValue("bench").AppendNullValue()
                .EndRow();
        }
    }
}
