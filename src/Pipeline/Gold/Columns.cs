using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>Column lookup by name, case-insensitive (the first match); a column the table lacks reads as null.</summary>
internal sealed class Columns(StructType schema)
{
    private readonly Dictionary<string, int> _ordinals = schema.Fields
        .Select((f, i) => (f.Name, i)).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);

    /// <summary>The column's ordinal, or -1 when the table lacks it.</summary>
    public int Ordinal(string name) => _ordinals.TryGetValue(name, out var i) ? i : -1;

    public static object? Value(object?[] row, int ordinal) => ordinal >= 0 && ordinal < row.Length ? row[ordinal] : null;
}
