namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>A list: empty when the levels stop at the list itself, otherwise elements until the repetition level drops.</summary>
internal sealed class ReadList(bool nullable, int defined, ReadNode element, int repeated) : ReadNode(nullable, defined)
{
    public override ReadLeaf Driver => element.Driver;

    public override IEnumerable<ReadLeaf> Leaves => element.Leaves;

    protected override object? ReadPresent()
    {
        if (Driver.PeekDefinition() == Defined)
        {
            foreach (var leaf in Leaves)
            {
                leaf.Skip();
            }

            // A List, not an array: object?[] is how structs travel, and the two must stay distinguishable.
            return new List<object?>();
        }

        var items = new List<object?>();
        do
        {
            items.Add(element.Read());
        }
        while (Driver.PeekRepetition() >= repeated);

        return items;
    }
}
