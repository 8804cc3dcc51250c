namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>A column read through Dremel record assembly (structs, lists, maps, legacy lists): values come out in row order.</summary>
internal sealed class NestedColumn(ReadNode node) : ColumnSource
{
    public override object? Get(int row) => node.Read();
}
