namespace Kardiaflow.Lakehouse.Schema;

/// <summary>A struct type; a table schema is a struct. Rows are object?[] aligned with <see cref="Fields"/>.</summary>
public sealed record StructType(IReadOnlyList<StructField> Fields) : DeltaType
{
    public override string TypeName => "struct";

    /// <summary>Position of a field by exact name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    public StructField this[string name] =>
        IndexOf(name) is var i and >= 0 ? Fields[i] : throw new KeyNotFoundException($"The schema has no column '{name}'.");

    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields, StructFieldComparer.Instance);

    public override int GetHashCode() => Fields.Count;

    private sealed class StructFieldComparer : IEqualityComparer<StructField>
    {
        public static readonly StructFieldComparer Instance = new();

        public bool Equals(StructField? x, StructField? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Type == y.Type && x.Nullable == y.Nullable;

        public int GetHashCode(StructField obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
