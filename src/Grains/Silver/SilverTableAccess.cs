using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Opening Silver tables (created on first use, Change Data Feed on) and MERGEs carrying a feed's txn.</summary>
public static class SilverTableAccess
{
    private const int MaxMergeAttempts = 5;

    public static Task<DeltaTable> OpenAsync(ILakeStorage storage, string table, CancellationToken cancellationToken) =>
        DeltaTable.OpenOrCreateAsync(storage, SilverTables.PathOf(table), SilverTables.SchemaOf(table), [], SilverTables.Configuration, cancellationToken);

    /// <summary>The last version an application committed to the table (its cursor), or -1.</summary>
    public static async Task<long> CommittedVersionAsync(DeltaTable table, string appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await table.RefreshAsync(cancellationToken);
        return table.Snapshot.AppTransactions.TryGetValue(appId, out var version) ? version : -1;
    }

    /// <summary>
    /// MERGEs rows by the table's key with the txn (<paramref name="appId"/>, <paramref name="version"/>): already
    /// committed means a no-op. Without an appId the merge carries no txn (one of several merges of a refresh, whose
    /// last carries it). A concurrent writer (only during a failover) makes the commit retry on a fresh snapshot.
    /// </summary>
    public static async Task<MergeResult> MergeAsync(
        DeltaTable table, string tableName, IReadOnlyList<object?[]> rows, string? appId, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var merges = rows.Select(r => new MergeRow(r)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.RefreshAsync(cancellationToken);
                var txn = appId is null ? null : new TxnAction(appId, version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return await table.MergeAsync(SilverTables.KeyOf(tableName), merges, txn, cancellationToken);
            }
            catch (DeltaConflictException) when (attempt < MaxMergeAttempts)
            {
                // Lost a race for the next version: the retry re-reads the log (and sees the txn if the winner was us).
            }
        }
    }

    /// <summary>Every row of a table (the current snapshot after a refresh), with only <paramref name="columns"/> read when given.</summary>
    public static async IAsyncEnumerable<object?[]> ReadAllAsync(
        DeltaTable table, IReadOnlyCollection<string>? columns, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await table.RefreshAsync(cancellationToken);
        await foreach (var row in TableReader.Read(table.Snapshot, columns, cancellationToken).Rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
