using Kardiaflow.Lakehouse.Schema;
using PqDataField = Parquet.Schema.DataField;
using PqField = Parquet.Schema.Field;
using PqListField = Parquet.Schema.ListField;
using PqMapField = Parquet.Schema.MapField;
using PqStructField = Parquet.Schema.StructField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// A tree mirroring the requested Delta type over the file's Parquet fields, used to reassemble nested values from
/// leaf columns (Dremel record assembly). Each node knows the definition level at which it is non-null
/// (<see cref="ReadNode.Defined"/>); lists and maps also know the levels of their repeated group.
/// </summary>
internal abstract class ReadNode
{
    protected ReadNode(bool nullable, int defined)
    {
        Nullable = nullable;
        Defined = defined;
    }

    public bool Nullable { get; }

    /// <summary>Definition level at or above which this node holds a value (not null).</summary>
    public int Defined { get; }

    /// <summary>A leaf under this node whose levels tell whether the node is null, empty or present.</summary>
    public abstract ReadLeaf Driver { get; }

    public abstract IEnumerable<ReadLeaf> Leaves { get; }

    /// <summary>Reads one value of this node, consuming the entries it spans in its leaves.</summary>
    public object? Read()
    {
        if (Nullable && Driver.PeekDefinition() < Defined)
        {
            foreach (var leaf in Leaves)
            {
                leaf.Skip();
            }

            return null;
        }

        return ReadPresent();
    }

    protected abstract object? ReadPresent();

    /// <summary>Builds the plan of a requested type over a file field (levels computed from the parent's).</summary>
    public static ReadNode Build(PqField file, DeltaType requested, int parentDefined, int parentRepeated, string column)
    {
        var defined = parentDefined + (file.IsNullable ? 1 : 0);
        switch (file)
        {
            case PqStructField s when requested is StructType st:
                var children = new ReadNode?[st.Fields.Count];
                for (var i = 0; i < st.Fields.Count; i++)
                {
                    var match = Find(s.Fields, st.Fields[i].Name);
                    children[i] = match is null ? null : Build(match, st.Fields[i].Type, defined, parentRepeated, column + "." + st.Fields[i].Name);
                }

                ReadLeaf? driver = null;
                if (children.All(c => c is null))
                {
                    // Nothing requested exists in the file: one leaf still has to say whether the struct is null.
                    var first = FirstDataField(s);
                    driver = (ReadLeaf)Build(first, ReadTypeMapping.LeafType(first), defined, parentRepeated, column);
                    driver.Discard = true;
                }

                return new ReadStruct(file.IsNullable, defined, children, driver);
            case PqListField l when requested is ArrayType at:
                return new ReadList(file.IsNullable, defined, Build(l.Item, at.ElementType, defined + 1, parentRepeated + 1, column + ".element"), parentRepeated + 1);
            case PqMapField m when requested is MapType mt:
                var key = Build(m.Key, mt.KeyType, defined + 1, parentRepeated + 1, column + ".key");
                var value = Build(m.Value, mt.ValueType, defined + 1, parentRepeated + 1, column + ".value");
                return new ReadMap(file.IsNullable, defined, key, value, parentRepeated + 1);
            case PqDataField { IsArray: true } d when requested is ArrayType at:
                // Legacy two-level list: the repeated leaf itself is the element, never null.
                var element = new ReadLeaf(d, at.ElementType, parentDefined + 1, parentDefined + 1, parentRepeated + 1, column, nullable: false);
                return new ReadList(false, parentDefined, element, parentRepeated + 1);
            case PqDataField d when requested is not StructType and not ArrayType and not MapType:
                return new ReadLeaf(d, requested, defined, d.MaxDefinitionLevel, d.MaxRepetitionLevel, column, file.IsNullable);
            default:
                throw new DeltaLakeException(
                    $"Column '{column}' is {ReadTypeMapping.ToDelta(file).TypeName} in the Parquet file but the table schema says {requested.TypeName}; " +
                    "the file does not match the table schema.");
        }
    }

    public static PqField? Find(IReadOnlyList<PqField> fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name) ?? fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static PqDataField FirstDataField(PqField field) => field switch
    {
        PqDataField d => d,
        PqStructField s => FirstDataField(s.Fields[0]),
        PqListField l => FirstDataField(l.Item),
        PqMapField m => FirstDataField(m.Key),
        _ => throw new InvalidOperationException($"Unexpected Parquet field {field.GetType().Name}."),
    };
}
