using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Reads a Silver table's change feed between two versions (inclusive) as weighted KPI facts: <c>insert</c> and
/// <c>update_postimage</c> add (+1), <c>delete</c> and <c>update_preimage</c> retract (−1). Rows stream from the
/// change files; only the columns the KPIs use are kept. From version 0, the feed's net content is read instead: the
/// end version's rows.
/// </summary>
public static class SilverChangeReader
{
    /// <summary>The table's current version, or null when it does not exist yet.</summary>
    public static async Task<long?> CurrentVersionAsync(ILakeStorage storage, string table, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken).ConfigureAwait(false);
            return snapshot.Version;
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    public static async Task<KpiFacts> ReadAsync(ILakeStorage storage, string table, long fromVersion, long toVersion, CancellationToken cancellationToken)
    {
        if (!GoldInputs.All.Contains(table))
        {
            throw new ArgumentException($"'{table}' is not a Silver table Gold follows.", nameof(table));
        }

        if (fromVersion == 0)
        {
            return await ReadFromCreationAsync(storage, table, toVersion, cancellationToken).ConfigureAwait(false);
        }

        var changes = await TableChanges.ReadAsync(storage, table, fromVersion, toVersion, cancellationToken).ConfigureAwait(false);
        var columns = new Columns(changes.Schema);
        var changeType = columns.Ordinal(TableChanges.ChangeTypeColumn);
        var facts = new FactBuilder(table, columns);
        await foreach (var row in changes.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var weight = Weight(Columns.Value(row, changeType) as string);
            if (weight != 0)
            {
                facts.Add(row, weight);
            }
        }

        return facts.Build();
    }

    /// <summary>
    /// The whole feed from table creation, as the rows of <paramref name="toVersion"/> with weight +1. The feed from version
    /// 0 holds every row ever written; each retraction (delete, pre-image) cancels an earlier addition of the same image,
    /// so what is left is exactly the end version's rows. Folding is commutative, so the aggregates come out the same,
    /// while only the KPI columns of the live files are read (no change files, no images that cancel).
    /// </summary>
    private static async Task<KpiFacts> ReadFromCreationAsync(ILakeStorage storage, string table, long toVersion, CancellationToken cancellationToken)
    {
        var snapshot = await Snapshot.LoadAsync(storage, table, toVersion, cancellationToken).ConfigureAwait(false);
        var rows = TableReader.Read(snapshot, FactBuilder.ColumnsOf(table), cancellationToken);
        var facts = new FactBuilder(table, new Columns(rows.Schema));
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            facts.Add(row, 1);
        }

        return facts.Build();
    }

    private static int Weight(string? changeType) => changeType switch
    {
        "insert" or "update_postimage" => 1,
        "delete" or "update_preimage" => -1,
        _ => 0,
    };
}
