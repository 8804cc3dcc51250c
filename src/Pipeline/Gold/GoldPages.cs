using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Operations;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Writes an aggregator partition's share of the Gold tables after an epoch: every page holding a row that changed is
/// regenerated from the aggregates and written as a new file (the caller removes the page's old files in the same
/// commit), and the changed rows become the commit's change data. No Gold file is read and no other page is touched,
/// so the cost follows the pages the epoch changed, not the table.
/// </summary>
public static class GoldPages
{
    /// <summary>Writes the changed pages and change data of the partition's tables after an epoch.</summary>
    /// <param name="emptyTables">Tables without a file before the epoch: their rows are all inserts and get no change-data files.</param>
    /// <param name="hasFiles">Whether the partition owns files of a (table, page) before the epoch.</param>
    public static async Task<IReadOnlyList<GoldPageWrite>> WriteAsync(
        ILakeStorage storage, KpiKind kind, KpiPartition partition, GoldDelta delta, int pages, KpiSettings settings,
        IReadOnlyCollection<string> emptyTables, Func<string, int, bool> hasFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(hasFiles);
        var tables = KpiPages.TablesOf(kind);
        var touched = TouchedPages(tables, delta, pages);
        if (touched.Count == 0)
        {
            return [];
        }

        // A page without files had no rows: its rows are the delta's upserts (all inserts). Only pages with rows before
        // the epoch are regenerated from the aggregates.
        var rows = Regenerate(partition, touched.ToDictionary(t => t.Key, t => t.Value.Where(p => hasFiles(t.Key, p)).ToHashSet()), pages, settings);
        foreach (var table in tables.Where(t => touched.ContainsKey(t.Name)))
        {
            foreach (var row in delta.Upserts(table.Name))
            {
                var page = KpiPages.Page(KpiPages.GroupingKey(table, row), pages);
                if (!hasFiles(table.Name, page))
                {
                    var byPage = rows[table.Name];
                    if (!byPage.TryGetValue(page, out var list))
                    {
                        list = [];
                        byPage[page] = list;
                    }

                    list.Add(row);
                }
            }
        }

        var writes = new List<GoldPageWrite>(touched.Count);
        foreach (var table in tables)
        {
            if (!touched.TryGetValue(table.Name, out var tablePages))
            {
                continue;
            }

            var files = new Dictionary<int, IReadOnlyList<Kardiaflow.Lakehouse.Log.AddFileAction>>(tablePages.Count);
            foreach (var page in tablePages)
            {
                var pageRows = rows[table.Name].GetValueOrDefault(page);
                files[page] = pageRows is { Count: > 0 }
                    ? await UncommittedFiles.WriteDataAsync(storage, table.Path, table.Schema, pageRows, cancellationToken).ConfigureAwait(false)
                    : [];
            }

            // A table without files before the epoch gets only inserts, from every partition: its commit is an append in
            // effect, and the protocol reads an append's change feed from its add actions (no cdc files to write).
            var changes = emptyTables.Contains(table.Name)
                ? []
                : await UncommittedFiles.WriteChangesAsync(storage, table.Path, table.Schema, ChangeRows(table, delta), cancellationToken).ConfigureAwait(false);
            writes.Add(new GoldPageWrite(table.Name, files, changes, delta.Upserts(table.Name).Count + delta.Deletes(table.Name).Count));
        }

        return writes;
    }

    /// <summary>The change data of a table's delta: inserts, deletes, and an update pre/post-image pair per replaced row.</summary>
    public static List<object?[]> ChangeRows(GoldTable table, GoldDelta delta)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(delta);
        var preimages = delta.Preimages(table.Name);
        var updated = new HashSet<object?[]>(preimages, RowKeyComparer.For(table));
        var changes = new List<object?[]>(delta.Upserts(table.Name).Count + delta.Deletes(table.Name).Count + preimages.Count);
        foreach (var row in delta.Deletes(table.Name))
        {
            changes.Add([.. row, "delete"]);
        }

        foreach (var row in preimages)
        {
            changes.Add([.. row, "update_preimage"]);
        }

        foreach (var row in delta.Upserts(table.Name))
        {
            changes.Add([.. row, updated.Contains(row) ? "update_postimage" : "insert"]);
        }

        return changes;
    }

    private static Dictionary<string, HashSet<int>> TouchedPages(IReadOnlyList<GoldTable> tables, GoldDelta delta, int pages)
    {
        var touched = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var row in delta.Upserts(table.Name).Concat(delta.Deletes(table.Name)))
            {
                if (!touched.TryGetValue(table.Name, out var set))
                {
                    set = [];
                    touched[table.Name] = set;
                }

                set.Add(KpiPages.Page(KpiPages.GroupingKey(table, row), pages));
            }
        }

        return touched;
    }

    // Runs over every key of a partition whose pages changed: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, Dictionary<int, List<object?[]>>> Regenerate(
        KpiPartition partition, Dictionary<string, HashSet<int>> touched, int pages, KpiSettings settings)
    {
        var rows = touched.Keys.ToDictionary(t => t, _ => new Dictionary<int, List<object?[]>>(), StringComparer.Ordinal);
        var anyTable = touched.Values.SelectMany(p => p).ToHashSet();
        if (anyTable.Count == 0)
        {
            return rows;
        }

        foreach (var key in partition.Keys)
        {
            var page = KpiPages.Page(key, pages);
            if (!anyTable.Contains(page))
            {
                continue;
            }

            partition.AddRows(key, settings, (table, keyRows) =>
            {
                if (keyRows.Count == 0 || !touched.TryGetValue(table.Name, out var tablePages) || !tablePages.Contains(page))
                {
                    return;
                }

                var byPage = rows[table.Name];
                if (!byPage.TryGetValue(page, out var list))
                {
                    list = [];
                    byPage[page] = list;
                }

                list.AddRange(keyRows);
            });
        }

        return rows;
    }
}
