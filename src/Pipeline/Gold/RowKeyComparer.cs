using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Gold rows compared by their key columns' values (strings, dates, numbers: compared with <see cref="object.Equals(object?, object?)"/>),
/// so a delta matches old and new rows of a key without building key text for every row.
/// </summary>
internal sealed class RowKeyComparer : IEqualityComparer<object?[]>
{
    private static readonly ConditionalWeakTable<GoldTable, RowKeyComparer> ByTable = [];

    private readonly int[] _keys;

    private RowKeyComparer(int[] keys) => _keys = keys;

    public static RowKeyComparer For(GoldTable table) => ByTable.GetValue(table, t => new RowKeyComparer(t.KeyOrdinals()));

    public bool Equals(object?[]? x, object?[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        foreach (var k in _keys)
        {
            if (!Equals(x[k], y[k]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(object?[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var k in _keys)
        {
            hash.Add(obj[k]);
        }

        return hash.ToHashCode();
    }
}
