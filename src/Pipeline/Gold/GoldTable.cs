using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>A Gold table: its name, schema and key columns (empty for the one-row table, which is overwritten).</summary>
public sealed record GoldTable(string Name, StructType Schema, IReadOnlyList<string> KeyColumns)
{
    /// <summary>The table's folder relative to the lake root.</summary>
    public string Path => "gold/" + Name;

    public int[] KeyOrdinals() => KeyColumns.Select(Schema.IndexOf).ToArray();
}
