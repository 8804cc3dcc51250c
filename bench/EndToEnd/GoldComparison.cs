using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// Compares Kardiaflow's Gold tables (read with the engine, streamed into DuckDB by appender, so the harness never holds
/// a table in .NET) with the peer's Gold Parquet, table by table, with SQL EXCEPT ALL both ways after normalising:
/// doubles rounded to the decimals docs/data-contract.md states (6 for unrounded means and deviations), and days_since_last_visit
/// re-based from the peer's run date to the date Kardiaflow wrote its table.
/// </summary>
internal static class GoldComparison
{
    private static readonly Dictionary<string, int> Decimals = new(StringComparer.Ordinal)
    {
        ["avg_days_between_visits"] = 2, ["approval_rate"] = 4, ["denial_pct"] = 4, ["avg_claim_amount"] = 2, ["z_score"] = 2,
        ["claim_amount"] = 2, ["daily_spend"] = 2, ["rolling_7d_spend"] = 2, ["rolling_7d_avg"] = 2, ["avg_score"] = 2, ["match_rate_percent"] = 2,
    };

    public static async Task<bool> RunAsync(string lake, string peerGold, DateOnly peerDate, DateOnly kardiaflowDate, TextWriter report, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        // The comparison runs in the harness process: keep DuckDB's share of it small and spill instead.
        await PeerSql.ExecuteAsync(connection, $"SET TimeZone = 'UTC'; SET memory_limit = '512MB'; SET temp_directory = {PeerBronze.Literal(Path.Combine(peerGold, "..", "cmp-tmp"))}", cancellationToken);
        var storage = new LocalLakeStorage(lake);
        var allEqual = true;
        foreach (var table in GoldSql.Tables)
        {
            var delta = await DeltaTable.OpenAsync(storage, $"gold/{table}", cancellationToken);
            var columns = delta.Schema.Fields;
            await LoadAsync(connection, "kf_" + table, delta, cancellationToken);
            await PeerSql.ExecuteAsync(connection, $"CREATE VIEW peer_{table} AS SELECT * FROM read_parquet({PeerBronze.Literal(Path.Combine(peerGold, table + ".parquet"))})", cancellationToken);

            var shift = kardiaflowDate.DayNumber - peerDate.DayNumber;
            string Select(string source, bool peer) =>
                "SELECT " + string.Join(", ", columns.Select(c => Normalise(c, peer ? shift : 0))) + " FROM " + source;
            var ours = Select("kf_" + table, peer: false);
            var theirs = Select("peer_" + table, peer: true);
            var onlyOurs = await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM ({ours} EXCEPT ALL {theirs})", cancellationToken);
            var onlyTheirs = await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM ({theirs} EXCEPT ALL {ours})", cancellationToken);
            var ourCount = await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM kf_{table}", cancellationToken);
            var theirCount = await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM peer_{table}", cancellationToken);
            var equal = onlyOurs == 0 && onlyTheirs == 0;
            allEqual &= equal;
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {table,-34} kardiaflow {ourCount,9:N0} rows   duckdb {theirCount,9:N0} rows   {(equal ? "equal" : $"DIFFER: {onlyOurs:N0} only in kardiaflow, {onlyTheirs:N0} only in duckdb")}"));
            if (!equal)
            {
                var order = string.Join(", ", Enumerable.Range(2, Math.Min(3, columns.Count)));
                await PrintAsync(connection, $"SELECT 'kardiaflow' AS side, * FROM ({ours} EXCEPT ALL {theirs}) UNION ALL SELECT 'duckdb', * FROM ({theirs} EXCEPT ALL {ours}) ORDER BY {order}, 1 LIMIT 12", report, cancellationToken);
            }
        }

        return allEqual;
    }

    private static string Normalise(StructField column, int shift)
    {
        var name = $"\"{column.Name}\"";
        if (column.Type == PrimitiveType.Double)
        {
            return $"round({name}, {Decimals.GetValueOrDefault(column.Name, 6)}) AS {name}";
        }

        return column.Name == "days_since_last_visit" && shift != 0 ? $"{name} + {shift} AS {name}" : name;
    }

    private static async Task LoadAsync(DuckDBConnection connection, string name, DeltaTable delta, CancellationToken cancellationToken)
    {
        var fields = delta.Schema.Fields;
        await PeerSql.ExecuteAsync(connection, $"CREATE TABLE {name} ({string.Join(", ", fields.Select(f => $"\"{f.Name}\" {SqlType(f.Type)}"))})", cancellationToken);
        var rows = TableReader.Read(delta.Snapshot, cancellationToken);
        using var appender = connection.CreateAppender(name);
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken))
        {
            var target = appender.CreateRow();
            for (var i = 0; i < fields.Count; i++)
            {
                target = row[i] switch
                {
                    null => target.AppendNullValue(),
                    string s => target.AppendValue(s),
                    long l => target.AppendValue(l),
                    int n => target.AppendValue(n),
                    double d => target.AppendValue(d),
                    DateOnly day => target.AppendValue((DateOnly?)day),
                    DateTime t => target.AppendValue(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
                    DateTimeOffset o => target.AppendValue(o.UtcDateTime),
                    var other => throw new InvalidOperationException($"{name}.{fields[i].Name}: unexpected {other.GetType().Name}"),
                };
            }

            target.EndRow();
        }
    }

    private static string SqlType(DeltaType type) => type.ToString() switch
    {
        "string" => "VARCHAR",
        "long" => "BIGINT",
        "integer" => "INTEGER",
        "double" => "DOUBLE",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP",
        "boolean" => "BOOLEAN",
        var other => throw new InvalidOperationException($"Gold column type {other} is not expected."),
    };

    private static async Task PrintAsync(DuckDBConnection connection, string sql, TextWriter report, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = new StringBuilder("    ");
            for (var i = 0; i < reader.FieldCount; i++)
            {
                line.Append(i == 0 ? "" : " | ").Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            }

            report.WriteLine(line);
        }
    }
}
