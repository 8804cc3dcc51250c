namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>A map: key/value entries read like a list of pairs; keys are never null in Parquet maps.</summary>
internal sealed class ReadMap(bool nullable, int defined, ReadNode key, ReadNode value, int repeated) : ReadNode(nullable, defined)
{
    public override ReadLeaf Driver => key.Driver;

    public override IEnumerable<ReadLeaf> Leaves => key.Leaves.Concat(value.Leaves);

    protected override object? ReadPresent()
    {
        var map = new Dictionary<object, object?>();
        if (Driver.PeekDefinition() == Defined)
        {
            foreach (var leaf in Leaves)
            {
                leaf.Skip();
            }

            return map;
        }

        do
        {
            var k = key.Read() ?? throw new DeltaLakeException("A Parquet map holds a null key, which the format forbids; the file is corrupt.");
            map[k] = value.Read();
        }
        while (Driver.PeekRepetition() >= repeated);

        return map;
    }
}
