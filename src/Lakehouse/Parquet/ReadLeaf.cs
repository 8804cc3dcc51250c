using Kardiaflow.Lakehouse.Schema;
using PqDataField = Parquet.Schema.DataField;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>One leaf column of a row group: its levels and converted non-null values, consumed front to back.</summary>
internal sealed class ReadLeaf : ReadNode
{
    private static readonly object?[] NoValues = [];
    private int[]? _definitions;
    private int[]? _repetitions;
    private object?[] _values = NoValues;
    private int _entry;
    private int _value;
    private int _entryCount;

    public ReadLeaf(PqDataField field, DeltaType type, int defined, int maxDefinition, int maxRepetition, string column, bool nullable)
        : base(nullable, defined)
    {
        Field = field;
        Type = type;
        Column = column;
        MaxDefinition = maxDefinition;
        MaxRepetition = maxRepetition;
        if (defined != field.MaxDefinitionLevel)
        {
            // Our level arithmetic disagrees with the file: assembling would silently misplace values.
            throw new DeltaLakeException($"Column '{column}' has a Parquet nesting this reader does not understand (definition level {field.MaxDefinitionLevel}, expected {defined}).");
        }
    }

    public PqDataField Field { get; }

    public DeltaType Type { get; }

    public string Column { get; }

    public int MaxDefinition { get; }

    public int MaxRepetition { get; }

    /// <summary>Read only to drive a struct's null-ness; its values are never converted.</summary>
    public bool Discard { get; set; }

    public override ReadLeaf Driver => this;

    public override IEnumerable<ReadLeaf> Leaves
    {
        get { yield return this; }
    }

    public void Load(int[]? definitionLevels, int[]? repetitionLevels, object?[] packedValues, long rowCount)
    {
        _definitions = definitionLevels;
        _repetitions = repetitionLevels;
        _values = packedValues;
        _entryCount = definitionLevels?.Length ?? repetitionLevels?.Length ?? (int)rowCount;
        _entry = 0;
        _value = 0;
    }

    public int PeekDefinition() => _definitions is null ? MaxDefinition : _definitions[_entry];

    /// <summary>Repetition level of the next entry, or -1 at the end of the column chunk.</summary>
    public int PeekRepetition() => _entry >= _entryCount ? -1 : _repetitions is null ? 0 : _repetitions[_entry];

    public void Skip()
    {
        if (PeekDefinition() == MaxDefinition)
        {
            _value++;
        }

        _entry++;
    }

    protected override object? ReadPresent()
    {
        var d = PeekDefinition();
        _entry++;
        if (d < MaxDefinition)
        {
            return null;
        }

        return Discard ? null : _values[_value++];
    }
}
