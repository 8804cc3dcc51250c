using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// The rows of Gold tables that an epoch changed: per table, full rows to upsert (by the table's key) and key rows
/// to delete. Built by aggregator partitions for the keys they own, merged by the Gold writer.
/// </summary>
public sealed class GoldDelta
{
    private readonly Dictionary<string, (List<object?[]> Upserts, List<object?[]> Deletes)> _tables = new(StringComparer.Ordinal);

    /// <summary>Per table, the rows before the change of the upserts that replaced a row (not carried between processes).</summary>
    private readonly Dictionary<string, List<object?[]>> _preimages = new(StringComparer.Ordinal);

    public IEnumerable<string> Tables => _tables.Keys;

    public bool IsEmpty => _tables.Values.All(t => t.Upserts.Count == 0 && t.Deletes.Count == 0);

    public IReadOnlyList<object?[]> Upserts(string table) => _tables.TryGetValue(table, out var t) ? t.Upserts : [];

    public IReadOnlyList<object?[]> Deletes(string table) => _tables.TryGetValue(table, out var t) ? t.Deletes : [];

    /// <summary>
    /// The previous rows of the upserts that <see cref="Replace"/> recorded as updates (an upsert without one is an insert):
    /// the pre-images of the table's change data.
    /// </summary>
    public IReadOnlyList<object?[]> Preimages(string table) => _preimages.TryGetValue(table, out var p) ? p : [];

    public void Upsert(GoldTable table, object?[] row) => Entry(table.Name).Upserts.Add(row);

    public void Delete(GoldTable table, object?[] row) => Entry(table.Name).Deletes.Add(row);

    /// <summary>
    /// Records the change of a group of rows: <paramref name="after"/> is upserted, and every row of
    /// <paramref name="before"/> whose key is not in <paramref name="after"/> is deleted. Unchanged rows are skipped.
    /// </summary>
    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Replace(GoldTable table, IReadOnlyList<object?[]> before, IReadOnlyList<object?[]> after)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count == 0)
        {
            // A new group (every group of a first epoch): nothing to match.
            foreach (var row in after)
            {
                Upsert(table, row);
            }

            return;
        }

        var old = new Dictionary<object?[], object?[]>(before.Count, RowKeyComparer.For(table));
        foreach (var row in before)
        {
            old[row] = row;
        }

        foreach (var row in after)
        {
            if (!old.Remove(row, out var previous))
            {
                Upsert(table, row);
            }
            else if (!GoldValues.RowEquals(previous, row))
            {
                Upsert(table, row);
                Preimage(table.Name).Add(previous);
            }
        }

        foreach (var gone in old.Values)
        {
            Delete(table, gone);
        }
    }

    public void AddRange(GoldDelta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, (upserts, deletes)) in other._tables)
        {
            var entry = Entry(name);
            entry.Upserts.AddRange(upserts);
            entry.Deletes.AddRange(deletes);
        }

        foreach (var (name, preimages) in other._preimages)
        {
            Preimage(name).AddRange(preimages);
        }
    }

    public void AddRows(string table, IEnumerable<object?[]> upserts, IEnumerable<object?[]> deletes)
    {
        var entry = Entry(table);
        entry.Upserts.AddRange(upserts);
        entry.Deletes.AddRange(deletes);
    }

    private List<object?[]> Preimage(string table)
    {
        if (!_preimages.TryGetValue(table, out var list))
        {
            list = [];
            _preimages[table] = list;
        }

        return list;
    }

    private (List<object?[]> Upserts, List<object?[]> Deletes) Entry(string table)
    {
        if (!_tables.TryGetValue(table, out var entry))
        {
            entry = ([], []);
            _tables[table] = entry;
        }

        return entry;
    }
}
