namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>A struct: an object?[] aligned with the requested fields; fields absent from the file read as null.</summary>
internal sealed class ReadStruct(bool nullable, int defined, IReadOnlyList<ReadNode?> children, ReadLeaf? driver) : ReadNode(nullable, defined)
{
    public IReadOnlyList<ReadNode?> Children { get; } = children;

    public override ReadLeaf Driver => driver ?? Children.First(c => c is not null)!.Driver;

    public override IEnumerable<ReadLeaf> Leaves =>
        Children.Where(c => c is not null).SelectMany(c => c!.Leaves).Concat(driver is null ? [] : [driver]);

    protected override object? ReadPresent()
    {
        var result = new object?[Children.Count];
        for (var i = 0; i < Children.Count; i++)
        {
            result[i] = Children[i]?.Read();
        }

        if (driver is not null)
        {
            driver.Read();
        }

        return result;
    }
}
