using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Maps input columns (header names, Avro/Parquet field names) to raw schema columns, docs/data-contract.md (Datasets): by name
/// case-insensitively (aliases included); a blank name takes the schema column at its position; anything
/// else is rescued under its own name.
/// </summary>
internal sealed class ColumnBinding
{
    private ColumnBinding(int[] targets, string[] names)
    {
        Targets = targets;
        Names = names;
    }

    /// <summary>Schema column per input column, or -1 for a column that goes to <c>_rescued_data</c>.</summary>
    public int[] Targets { get; }

    /// <summary>Name of each input column as written into <c>_rescued_data</c>.</summary>
    public string[] Names { get; }

    public int InputCount => Targets.Length;

    public static ColumnBinding Bind(DatasetDefinition dataset, IReadOnlyList<string?> inputNames)
    {
        var targets = new int[inputNames.Count];
        var names = new string[inputNames.Count];
        var taken = new bool[dataset.RawColumnCount];
        for (var i = 0; i < inputNames.Count; i++)
        {
            var name = inputNames[i]?.Trim() ?? string.Empty;
            names[i] = name.Length == 0 ? $"_c{i}" : name;
            targets[i] = -1;
            if (name.Length == 0)
            {
                continue;
            }

            var index = dataset.BindingIndexOf(name);
            // A second input column with the same name must not overwrite the first: it is rescued.
            if (index >= 0 && !taken[index])
            {
                targets[i] = index;
                taken[index] = true;
            }
        }

        for (var i = 0; i < inputNames.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(inputNames[i]) && i < taken.Length && !taken[i])
            {
                targets[i] = i;
                taken[i] = true;
            }
        }

        return new ColumnBinding(targets, names);
    }
}
