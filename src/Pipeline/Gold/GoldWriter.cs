using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Writes an epoch's <see cref="GoldDelta"/> into the Gold Delta tables: a MERGE by key per keyed table touching only
/// the changed keys, an overwrite for the one-row table. Every commit carries <c>txn(appId, epoch)</c>, so replaying an
/// epoch after a crash is a no-op on the tables that already have it.
/// </summary>
public sealed class GoldWriter(ILakeStorage storage)
{
    public async Task<IReadOnlyList<DeltaTable>> EnsureTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new List<DeltaTable>();
        foreach (var table in GoldTables.All)
        {
            tables.Add(await DeltaTable.OpenOrCreateAsync(storage, table.Path, table.Schema, [], GoldTables.Configuration, cancellationToken)
                .ConfigureAwait(false));
        }

        return tables;
    }

    /// <summary>Applies the delta; returns the number of rows upserted or deleted per table (tables without changes omitted).</summary>
    public Task<IReadOnlyDictionary<string, long>> WriteAsync(GoldDelta delta, string appId, long epoch, CancellationToken cancellationToken) =>
        WriteAsync(delta, new Dictionary<string, GoldFileActions>(), appId, epoch, cancellationToken);

    /// <summary>
    /// Commits the files the aggregator partitions wrote (<paramref name="files"/>, by table: one commit per table) and
    /// applies the delta to the tables they do not cover; returns the rows changed per table (tables without changes omitted).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> WriteAsync(
        GoldDelta delta, IReadOnlyDictionary<string, GoldFileActions> files, string appId, long epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(files);
        var tables = await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var txn = new TxnAction(appId, epoch, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var writes = new List<Task>();
        for (var i = 0; i < GoldTables.All.Count; i++)
        {
            var definition = GoldTables.All[i];
            if (files.TryGetValue(definition.Name, out var written) && written.Actions.Count > 0)
            {
                counts[definition.Name] = written.RowsChanged;
                writes.Add(CommitFilesAsync(tables[i], written.Actions, txn, cancellationToken));
                continue;
            }

            var upserts = delta.Upserts(definition.Name);
            var deletes = delta.Deletes(definition.Name);
            if (upserts.Count == 0 && deletes.Count == 0)
            {
                continue;
            }

            counts[definition.Name] = upserts.Count + deletes.Count;
            writes.Add(WriteTableAsync(tables[i], definition, upserts, deletes, txn, cancellationToken));
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        return counts;
    }

    private static async Task CommitFilesAsync(DeltaTable table, IReadOnlyList<DeltaAction> actions, TxnAction txn, CancellationToken cancellationToken)
    {
        // The removes are files of the pages the aggregators rewrote, which only they replace: the commit cannot conflict
        // on them. The txn makes a replayed epoch a no-op here.
        await table.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await table.CommitAsync(actions, DeltaOperations.Merge, new Dictionary<string, string> { ["predicate"] = "kardiaflow gold pages" }, txn, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task WriteTableAsync(
        DeltaTable table, GoldTable definition, IReadOnlyList<object?[]> upserts, IReadOnlyList<object?[]> deletes, TxnAction txn,
        CancellationToken cancellationToken)
    {
        var snapshot = await table.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (definition.KeyColumns.Count == 0)
        {
            await table.OverwriteAsync(upserts, txn, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (snapshot.Files.Count == 0 && upserts.Count > 0)
        {
            // Nothing to match (a first epoch): deletes are no-ops and every upsert is an insert, so an append commits the
            // same rows and change feed (inserts) without the merge's key index and change files. Keys stay unique.
            EnsureUniqueKeys(definition, upserts);
            await table.AppendAsync(upserts, txn, cancellationToken).ConfigureAwait(false);
            return;
        }

        var rows = new List<MergeRow>(upserts.Count + deletes.Count);
        rows.AddRange(deletes.Select(r => new MergeRow(r, Delete: true)));
        rows.AddRange(upserts.Select(r => new MergeRow(r)));
        await table.MergeAsync(definition.KeyColumns, rows, txn, cancellationToken).ConfigureAwait(false);
    }

    private static void EnsureUniqueKeys(GoldTable definition, IReadOnlyList<object?[]> rows)
    {
        var keys = new HashSet<object?[]>(rows.Count, RowKeyComparer.For(definition));
        foreach (var row in rows)
        {
            if (!keys.Add(row))
            {
                throw new InvalidOperationException($"The Gold delta holds a key of {definition.Name} more than once.");
            }
        }
    }
}
