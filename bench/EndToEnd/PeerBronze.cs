using Kardiaflow.Bench.Pipeline;
using DuckDB.NET.Data;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// The peer's Bronze layer: each dataset's files in lexicographic order of their relative path (the Bronze rules of docs/data-contract.md commit
/// order), appended to one table per dataset so that the table's rowid is the arrival order Silver needs, then written
/// as Snappy Parquet with the audit columns and that order as <c>_arrival</c>. Malformed and null-key records are left
/// out (DuckDB's ignore_errors is the peer's quarantine). Avro is read with Apache.Avro because DuckDB's Avro extension
/// cannot be installed offline.
/// </summary>
internal static class PeerBronze
{
    private const string Audit = "now()::TIMESTAMP AS _ingest_ts, {0} AS _source_file, NULL::BIGINT AS _source_row, 'bench' AS _batch_id, NULL::VARCHAR AS _rescued_data";

    public static async Task<Dictionary<string, long>> RunAsync(DuckDBConnection connection, string input, string output, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        rows["patients"] = await LoadTextAsync(connection, input, output, "patients", "csv",
            "read_csv({0}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', ignore_errors = true)", "ID IS NOT NULL AND ID <> ''", cancellationToken);
        rows["providers"] = await LoadTextAsync(connection, input, output, "providers", "tsv",
            "read_csv({0}, header = true, all_varchar = true, delim = '\t', quote = '\"', escape = '\"', ignore_errors = true)", "ProviderID IS NOT NULL AND ProviderID <> ''", cancellationToken);
        rows["claims"] = await LoadTextAsync(connection, input, output, "claims", "parquet", "read_parquet({0})", "ClaimID IS NOT NULL AND ClaimID <> ''", cancellationToken);
        rows["feedback"] = await LoadTextAsync(connection, input, output, "feedback", "jsonl", """
            (SELECT feedback_id, provider_id, "timestamp", visit_id, satisfaction_score, comments, source, tags, CAST(metadata AS VARCHAR) AS metadata_json
             FROM read_json({0}, format = 'newline_delimited', ignore_errors = true,
                  columns = {{feedback_id: 'VARCHAR', provider_id: 'VARCHAR', "timestamp": 'VARCHAR', visit_id: 'VARCHAR',
                             satisfaction_score: 'INTEGER', comments: 'VARCHAR', source: 'VARCHAR', tags: 'VARCHAR[]', metadata: 'JSON'}}))
            """, "feedback_id IS NOT NULL AND feedback_id <> ''", cancellationToken);
        rows["encounters"] = await LoadAvroAsync(connection, input, output, cancellationToken);
        return rows;
    }

    private static async Task<long> LoadTextAsync(
        DuckDBConnection connection, string input, string output, string dataset, string extension, string reader, string keep, CancellationToken cancellationToken)
    {
        var table = $"bronze_{dataset}";
        var first = true;
        foreach (var (path, relative) in Files(input, dataset, extension))
        {
            var source = string.Format(System.Globalization.CultureInfo.InvariantCulture, reader, Literal(path));
            var audit = string.Format(System.Globalization.CultureInfo.InvariantCulture, Audit, Literal(relative));
            var select = $"SELECT *, {audit} FROM {source} WHERE {keep}";
            await PeerSql.ExecuteAsync(connection, first ? $"CREATE TABLE {table} AS {select}" : $"INSERT INTO {table} {select}", cancellationToken);
            first = false;
        }

        return await WriteParquetAsync(connection, table, output, cancellationToken);
    }

    private static async Task<long> LoadAvroAsync(DuckDBConnection connection, string input, string output, CancellationToken cancellationToken)
    {
        await PeerSql.ExecuteAsync(connection, """
            CREATE TABLE bronze_encounters (ID VARCHAR, DATE VARCHAR, PATIENT VARCHAR, CODE BIGINT, DESCRIPTION VARCHAR, REASONCODE DOUBLE,
                REASONDESCRIPTION VARCHAR, _ingest_ts TIMESTAMP, _source_file VARCHAR, _source_row BIGINT, _batch_id VARCHAR, _rescued_data VARCHAR)
            """, cancellationToken);
        var now = DateTime.UtcNow;
        using (var appender = connection.CreateAppender("bronze_encounters"))
        {
            foreach (var (path, relative) in Files(input, "encounters", "avro"))
            {
                AvroEncounterAppender.Append(appender, path, relative, now, cancellationToken);
            }
        }

        return await WriteParquetAsync(connection, "bronze_encounters", output, cancellationToken);
    }

    /// <summary>Writes the table in insertion order with that order as <c>_arrival</c>; returns its row count.</summary>
    private static async Task<long> WriteParquetAsync(DuckDBConnection connection, string table, string output, CancellationToken cancellationToken)
    {
        var target = Literal(Path.Combine(output, table + ".parquet"));
        await PeerSql.ExecuteAsync(connection, $"""
            COPY (SELECT * REPLACE (coalesce(_source_row, row_number() OVER (PARTITION BY _source_file ORDER BY rowid)) AS _source_row), rowid AS _arrival
                  FROM {table} ORDER BY rowid)
            TO {target} (FORMAT parquet, COMPRESSION snappy)
            """, cancellationToken);
        await PeerSql.ExecuteAsync(connection, $"DROP TABLE {table}", cancellationToken);
        return await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM read_parquet({target})", cancellationToken);
    }

    private static IEnumerable<(string Path, string Relative)> Files(string input, string dataset, string extension) =>
        Directory.GetFiles(Path.Combine(input, dataset), "*." + extension)
            .Select(p => (p, Path.GetRelativePath(input, p).Replace('\\', '/')))
            .OrderBy(f => f.Item2, StringComparer.Ordinal);

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
