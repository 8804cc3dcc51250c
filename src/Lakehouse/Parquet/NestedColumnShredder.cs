using Kardiaflow.Lakehouse.Schema;
using global::Parquet;
using PqDataField = Parquet.Schema.DataField;
using PqField = Parquet.Schema.Field;
using PqListField = Parquet.Schema.ListField;
using PqMapField = Parquet.Schema.MapField;
using PqStructField = Parquet.Schema.StructField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Shreds one top-level struct/array/map column into Dremel leaf streams (present values, definition and repetition
/// levels). Parquet.Net writes every group optional and the repeated groups of LIST/MAP in between, so a present
/// group adds one definition level, a repeated entry one more, and an optional leaf one more when it has a value.
/// Used for nested data columns and for checkpoints, neither of which is on the bulk-append hot path.
/// </summary>
internal sealed class NestedColumnShredder
{
    private readonly List<Leaf> _leaves = [];
    private readonly Node _root;

    public NestedColumnShredder(StructField column, PqField parquetField)
    {
        var dataFields = new List<PqDataField>();
        CollectDataFields(parquetField, dataFields);
        _root = Build(column.Name, column.Type, column.Nullable, repDepth: 0, dataFields);
    }

    public void Add(object? value, int row) => Shred(_root, value, 0, 0, row);

    public async Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken)
    {
        foreach (var leaf in _leaves)
        {
            await leaf.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private Node Build(string name, DeltaType type, bool nullable, int repDepth, List<PqDataField> dataFields)
    {
        var first = _leaves.Count;
        Node[] children;
        switch (type)
        {
            case StructType s:
                children = s.Fields.Select(f => Build(f.Name, f.Type, f.Nullable, repDepth, dataFields)).ToArray();
                break;
            case ArrayType a:
                children = [Build(name + ".element", a.ElementType, a.ContainsNull, repDepth + 1, dataFields)];
                break;
            case MapType m:
                children =
                [
                    Build(name + ".key", m.KeyType, false, repDepth + 1, dataFields),
                    Build(name + ".value", m.ValueType, m.ValueContainsNull, repDepth + 1, dataFields),
                ];
                break;
            default:
                _leaves.Add(Leaf.Create(type, dataFields[_leaves.Count], name));
                children = [];
                break;
        }

        return new Node(name, type, nullable, first, _leaves.Count - first, children, repDepth);
    }

    private void Shred(Node node, object? value, int def, int rep, int row)
    {
        if (value is null)
        {
            if (!node.Nullable)
            {
                throw new ArgumentException($"Row {row} has null in '{node.Name}', which the table schema declares NOT NULL. Supply a value, or make it nullable.");
            }

            AddNulls(node, def, rep);
            return;
        }

        switch (node.Type)
        {
            case StructType:
                var fields = value as object?[] ?? throw ValueConverters.WrongType(value, node.Name, "struct (object?[])");
                if (fields.Length != node.Children.Length)
                {
                    throw new ArgumentException($"Row {row}: struct '{node.Name}' has {node.Children.Length} fields but the value holds {fields.Length}.");
                }

                for (var i = 0; i < fields.Length; i++)
                {
                    Shred(node.Children[i], fields[i], def + 1, rep, row);
                }

                break;
            case ArrayType:
                var index = 0;
                foreach (var item in AsList(value, node.Name))
                {
                    Shred(node.Children[0], item, def + 2, index++ == 0 ? rep : node.Children[0].RepDepth, row);
                }

                if (index == 0)
                {
                    AddNulls(node, def + 1, rep);
                }

                break;
            case MapType:
                var entry = 0;
                foreach (var (key, item) in AsMap(value, node.Name))
                {
                    var r = entry++ == 0 ? rep : node.Children[0].RepDepth;
                    Shred(node.Children[0], key, def + 2, r, row);
                    Shred(node.Children[1], item, def + 2, r, row);
                }

                if (entry == 0)
                {
                    AddNulls(node, def + 1, rep);
                }

                break;
            default:
                _leaves[node.FirstLeaf].AddValue(value, node.Nullable ? def + 1 : def, rep);
                break;
        }
    }

    private void AddNulls(Node node, int def, int rep)
    {
        for (var i = node.FirstLeaf; i < node.FirstLeaf + node.LeafCount; i++)
        {
            _leaves[i].AddLevels(def, rep);
        }
    }

    private static IEnumerable<object?> AsList(object value, string name) => value switch
    {
        IEnumerable<object?> e => e,
        System.Collections.IEnumerable e and not string => e.Cast<object?>(),
        _ => throw ValueConverters.WrongType(value, name, "array (IReadOnlyList<object?>)"),
    };

    private static IEnumerable<(object Key, object? Value)> AsMap(object value, string name) => value switch
    {
        IEnumerable<KeyValuePair<object, object?>> e => e.Select(kv => (kv.Key, kv.Value)),
        IEnumerable<KeyValuePair<string, string?>> e => e.Select(kv => ((object)kv.Key, (object?)kv.Value)),
        System.Collections.IDictionary d => d.Cast<System.Collections.DictionaryEntry>().Select(kv => (kv.Key, kv.Value)),
        _ => throw ValueConverters.WrongType(value, name, "map (IReadOnlyDictionary<object, object?>)"),
    };

    private static void CollectDataFields(PqField field, List<PqDataField> into)
    {
        switch (field)
        {
            case PqDataField d: into.Add(d); break;
            case PqStructField s:
                foreach (var f in s.Fields)
                {
                    CollectDataFields(f, into);
                }

                break;
            case PqListField l: CollectDataFields(l.Item, into); break;
            case PqMapField m:
                CollectDataFields(m.Key, into);
                CollectDataFields(m.Value, into);
                break;
            default: throw new InvalidOperationException($"Unexpected Parquet field kind {field.GetType().Name}.");
        }
    }

    private sealed record Node(string Name, DeltaType Type, bool Nullable, int FirstLeaf, int LeafCount, Node[] Children, int RepDepth);

    private abstract class Leaf
    {
        protected List<int> Definitions { get; } = [];

        protected List<int> Repetitions { get; } = [];

        public static Leaf Create(DeltaType type, PqDataField field, string name) => type switch
        {
            DecimalType => new Leaf<decimal>(field, name, ValueConverters.ToDecimal),
            PrimitiveType p => p.Name switch
            {
                "string" => new Leaf<ReadOnlyMemory<char>>(field, name, static (v, c) => (v as string ?? throw ValueConverters.WrongType(v, c, "string")).AsMemory()),
                "long" => new Leaf<long>(field, name, ValueConverters.ToLong),
                "integer" => new Leaf<int>(field, name, ValueConverters.ToInt),
                "short" => new Leaf<short>(field, name, ValueConverters.ToShort),
                "byte" => new Leaf<sbyte>(field, name, ValueConverters.ToSByte),
                "float" => new Leaf<float>(field, name, ValueConverters.ToFloat),
                "double" => new Leaf<double>(field, name, ValueConverters.ToDouble),
                "boolean" => new Leaf<bool>(field, name, ValueConverters.ToBool),
                "date" => new Leaf<DateOnly>(field, name, ValueConverters.ToDate),
                "timestamp" => new Leaf<DateTime>(field, name, ValueConverters.ToTimestamp),
                "binary" => new Leaf<ReadOnlyMemory<byte>>(field, name, ValueConverters.ToBinary),
                _ => throw new UnsupportedTypeException($"'{name}' has type '{p.Name}', which the Parquet writer does not support."),
            },
            _ => throw new UnsupportedTypeException($"'{name}' has type '{type.TypeName}', which the Parquet writer does not support."),
        };

        public void AddLevels(int def, int rep)
        {
            Definitions.Add(def);
            Repetitions.Add(rep);
        }

        public abstract void AddValue(object value, int def, int rep);

        public abstract Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken);
    }

    private sealed class Leaf<T>(PqDataField field, string name, Func<object, string, T> convert) : Leaf
        where T : struct
    {
        private readonly List<T> _values = [];

        public override void AddValue(object value, int def, int rep)
        {
            _values.Add(convert(value, name));
            AddLevels(def, rep);
        }

        public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken)
        {
            // Definition levels are only stored when the column can be undefined somewhere along its path.
            ReadOnlyMemory<int>? defs = field.MaxDefinitionLevel > 0 ? Definitions.ToArray() : null;
            ReadOnlyMemory<int>? reps = field.MaxRepetitionLevel > 0 ? Repetitions.ToArray() : null;
            return writer.WriteAllPartsAsync<T>(field, _values.ToArray().AsMemory(), defs, reps, cancellationToken);
        }
    }
}
