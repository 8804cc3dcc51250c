using System.Diagnostics;
using DuckDB.NET.Data;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// The DuckDB peer of Bronze ingestion: read the five datasets of a submission and write each as Parquet with the
/// audit columns, the way a data engineer would with DuckDB on one machine. Malformed rows go to DuckDB's reject tables
/// (its quarantine). DuckDB's Avro reader is an extension that cannot be installed offline, so encounters are read with
/// Apache.Avro and bulk-loaded through DuckDB's appender — the same library our reader uses.
/// </summary>
internal static class DuckDbBronzePeer
{
    public static async Task<BronzeRunResult> RunAsync(string input, string output, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output);
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        string Glob(string dataset, string ext) => Path.Combine(input, dataset, "*." + ext).Replace("'", "''", StringComparison.Ordinal);
        string Out(string table) => Path.Combine(output, table + ".parquet").Replace("'", "''", StringComparison.Ordinal);
        const string audit = "now() AS _ingest_ts, filename AS _source_file, row_number() OVER (PARTITION BY filename) AS _source_row, 'bench' AS _batch_id, NULL::VARCHAR AS _rescued_data";

        rows["patients"] = await CopyAsync(connection, $"""
            COPY (SELECT * EXCLUDE (filename), {audit} FROM read_csv('{Glob("patients", "csv")}', header = true, all_varchar = true,
                  filename = true, store_rejects = true) WHERE ID IS NOT NULL AND ID <> '')
            TO '{Out("bronze_patients")}' (FORMAT parquet, COMPRESSION snappy)
            """, Out("bronze_patients"), cancellationToken);
        rows["providers"] = await CopyAsync(connection, $"""
            COPY (SELECT * EXCLUDE (filename), {audit} FROM read_csv('{Glob("providers", "tsv")}', delim = '\t', header = true, all_varchar = true,
                  filename = true, store_rejects = true) WHERE ProviderID IS NOT NULL)
            TO '{Out("bronze_providers")}' (FORMAT parquet, COMPRESSION snappy)
            """, Out("bronze_providers"), cancellationToken);
        rows["claims"] = await CopyAsync(connection, $"""
            COPY (SELECT * EXCLUDE (filename), {audit} FROM read_parquet('{Glob("claims", "parquet")}', filename = true) WHERE ClaimID IS NOT NULL)
            TO '{Out("bronze_claims")}' (FORMAT parquet, COMPRESSION snappy)
            """, Out("bronze_claims"), cancellationToken);
        rows["feedback"] = await CopyAsync(connection, $"""
            COPY (SELECT feedback_id, provider_id, "timestamp", visit_id, satisfaction_score, comments, source, tags,
                         CAST(metadata AS VARCHAR) AS metadata_json, {audit}
                  FROM read_json('{Glob("feedback", "jsonl")}', format = 'newline_delimited', ignore_errors = true, filename = true,
                       columns = {"{"}feedback_id: 'VARCHAR', provider_id: 'VARCHAR', "timestamp": 'VARCHAR', visit_id: 'VARCHAR',
                                  satisfaction_score: 'INTEGER', comments: 'VARCHAR', source: 'VARCHAR', tags: 'VARCHAR[]', metadata: 'JSON'{"}"})
                  WHERE feedback_id IS NOT NULL)
            TO '{Out("bronze_feedback")}' (FORMAT parquet, COMPRESSION snappy)
            """, Out("bronze_feedback"), cancellationToken);
        rows["encounters"] = await LoadAvroEncountersAsync(connection, Path.Combine(input, "encounters"), Out("bronze_encounters"), cancellationToken);

        stopwatch.Stop();
        return new BronzeRunResult("duckdb", stopwatch.Elapsed, rows);
    }

    /// <summary>Runs a COPY ... TO 'file.parquet' and returns the rows the file holds.</summary>
    private static async Task<long> CopyAsync(DuckDBConnection connection, string sql, string target, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = $"SELECT count(*) FROM read_parquet('{target}')";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> LoadAvroEncountersAsync(DuckDBConnection connection, string folder, string output, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE encounters (ID VARCHAR, DATE VARCHAR, PATIENT VARCHAR, CODE BIGINT, DESCRIPTION VARCHAR, REASONCODE DOUBLE,
                    REASONDESCRIPTION VARCHAR, _ingest_ts TIMESTAMPTZ, _source_file VARCHAR, _source_row BIGINT, _batch_id VARCHAR, _rescued_data VARCHAR)
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = DateTime.UtcNow;
        using (var appender = connection.CreateAppender("encounters"))
        {
            foreach (var file in Directory.GetFiles(folder, "*.avro").Order(StringComparer.Ordinal))
            {
                AvroEncounterAppender.Append(appender, file, file, now, cancellationToken);
            }
        }

        return await CopyAsync(connection, $"COPY encounters TO '{output}' (FORMAT parquet, COMPRESSION snappy)", output, cancellationToken);
    }
}
