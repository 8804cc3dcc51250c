using System.Globalization;
using DuckDB.NET.Data;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>Small helpers over a DuckDB connection; scripts are split on a line holding only <c>;</c>-terminated statements.</summary>
internal static class PeerSql
{
    public static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs each statement of a script separately so that a failure names the statement that failed.</summary>
    public static async Task ExecuteScriptAsync(DuckDBConnection connection, string script, CancellationToken cancellationToken)
    {
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                await ExecuteAsync(connection, statement, cancellationToken);
            }
            catch (DuckDBException e)
            {
                throw new InvalidOperationException($"{e.Message}\nin:\n{statement}", e);
            }
        }
    }
}
