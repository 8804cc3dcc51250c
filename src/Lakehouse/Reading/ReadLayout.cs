using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Where the columns of one data file go in a table row: the data columns to read from the file (<see cref="Projection"/>)
/// and their row positions (<see cref="Ordinals"/>), and the partition values every row of the file shares. With a
/// selection, only the selected data columns are read; the others stay null.
/// </summary>
internal sealed class ReadLayout
{
    private ReadLayout(StructType projection, int[] ordinals, object?[]? constants)
    {
        Projection = projection;
        Ordinals = ordinals;
        Constants = constants;
    }

    public StructType Projection { get; }

    public int[] Ordinals { get; }

    /// <summary>A full-width row holding the partition values, cloned for each row; null for unpartitioned tables.</summary>
    public object?[]? Constants { get; }

    public static ReadLayout For(
        StructType schema, IReadOnlyList<string> partitionColumns, IReadOnlyDictionary<string, string?>? partitionValues, IReadOnlyList<StructField>? extra,
        IReadOnlySet<string>? selected = null)
    {
        var width = schema.Fields.Count + (extra?.Count ?? 0);
        var partition = new HashSet<string>(partitionColumns, StringComparer.OrdinalIgnoreCase);
        var dataFields = new List<StructField>(width);
        var ordinals = new List<int>(width);
        var constants = partition.Count == 0 ? null : new object?[width];
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (partition.Contains(field.Name))
            {
                constants![i] = PartitionValueParser.Parse(Lookup(partitionValues, field.Name), field.Type, field.Name);
            }
            else if (selected is null || selected.Contains(field.Name))
            {
                dataFields.Add(field);
                ordinals.Add(i);
            }
        }

        for (var i = 0; i < (extra?.Count ?? 0); i++)
        {
            dataFields.Add(extra![i]);
            ordinals.Add(schema.Fields.Count + i);
        }

        return new ReadLayout(new StructType(dataFields), ordinals.ToArray(), constants);
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?>? values, string column)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(column, out var v))
        {
            return v;
        }

        // Column names are case-insensitive in Delta; some writers change the case in partitionValues.
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
