using System.Diagnostics;
using DuckDB.NET.Data;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// The DuckDB peer of the whole pipeline, the way a data engineer would build it on one machine: Bronze Parquet files,
/// Silver tables from docs/data-contract.md (Silver) written as Parquet, and the eleven Gold tables of §4 written as Parquet (which the
/// harness compares with Kardiaflow's). Layers hand over through files, as Kardiaflow's do through Delta tables.
/// </summary>
internal static class DuckDbPipelinePeer
{
    public static async Task<PeerResult> RunAsync(string input, string output, CancellationToken cancellationToken)
    {
        foreach (var layer in new[] { "bronze", "silver", "gold" })
        {
            Directory.CreateDirectory(Path.Combine(output, layer));
        }

        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        // UTC so that current_date is the UTC date and naive feedback timestamps are taken as UTC (docs/data-contract.md (Silver)).
        await PeerSql.ExecuteAsync(connection, $"SET TimeZone = 'UTC'; SET temp_directory = {PeerBronze.Literal(Path.Combine(output, "tmp"))}", cancellationToken);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var stopwatch = Stopwatch.StartNew();

        var bronzeRows = await PeerBronze.RunAsync(connection, input, Path.Combine(output, "bronze"), cancellationToken);
        seconds["bronze"] = stopwatch.Elapsed.TotalSeconds;

        stopwatch.Restart();
        foreach (var dataset in bronzeRows.Keys)
        {
            await PeerSql.ExecuteAsync(connection,
                $"CREATE VIEW bronze_{dataset} AS SELECT * FROM read_parquet({PeerBronze.Literal(Path.Combine(output, "bronze", $"bronze_{dataset}.parquet"))})", cancellationToken);
        }

        var silverRows = await LayerAsync(connection, SilverSql.Script, SilverSql.Tables, Path.Combine(output, "silver"), cancellationToken);
        seconds["silver"] = stopwatch.Elapsed.TotalSeconds;

        stopwatch.Restart();
        var goldRows = await LayerAsync(connection, GoldSql.Script, GoldSql.Tables, Path.Combine(output, "gold"), cancellationToken);
        seconds["gold"] = stopwatch.Elapsed.TotalSeconds;
        await using var date = connection.CreateCommand();
        date.CommandText = "SELECT strftime(current_date, '%Y-%m-%d')";
        var asOf = (string)(await date.ExecuteScalarAsync(cancellationToken))!;
        return new PeerResult(seconds, bronzeRows, silverRows, goldRows, asOf);
    }

    /// <summary>Runs a layer's script, writes each of its tables as Parquet, and returns their total rows.</summary>
    private static async Task<long> LayerAsync(
        DuckDBConnection connection, string script, IEnumerable<string> tables, string folder, CancellationToken cancellationToken)
    {
        await PeerSql.ExecuteScriptAsync(connection, script, cancellationToken);
        long rows = 0;
        foreach (var table in tables)
        {
            await CopyAsync(connection, table, folder, cancellationToken);
            rows += await PeerSql.ScalarAsync(connection, $"SELECT count(*) FROM {table}", cancellationToken);
        }

        return rows;
    }

    private static Task CopyAsync(DuckDBConnection connection, string table, string folder, CancellationToken cancellationToken) =>
        PeerSql.ExecuteAsync(connection, $"COPY {table} TO {PeerBronze.Literal(Path.Combine(folder, table + ".parquet"))} (FORMAT parquet, COMPRESSION snappy)", cancellationToken);
}
