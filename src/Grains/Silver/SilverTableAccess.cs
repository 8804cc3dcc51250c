using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Opening Silver tables (created on first use, Change Data Feed on), a writer's cursor, and reading them whole.</summary>
public static class SilverTableAccess
{
    public static Task<DeltaTable> OpenAsync(ILakeStorage storage, string table, CancellationToken cancellationToken) =>
        DeltaTable.OpenOrCreateAsync(storage, SilverTables.PathOf(table), SilverTables.SchemaOf(table), [], SilverTables.Configuration, cancellationToken);

    /// <summary>The last version an application committed to the table (its cursor), or -1.</summary>
    public static async Task<long> CommittedVersionAsync(DeltaTable table, string appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await table.RefreshAsync(cancellationToken);
        return table.Snapshot.AppTransactions.TryGetValue(appId, out var version) ? version : -1;
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
