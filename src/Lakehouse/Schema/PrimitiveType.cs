namespace Kardiaflow.Lakehouse.Schema;

/// <summary>A primitive Delta type other than decimal.</summary>
public sealed record PrimitiveType : DeltaType
{
    public static readonly PrimitiveType String = new("string");
    public static readonly PrimitiveType Long = new("long");
    public static readonly PrimitiveType Integer = new("integer");
    public static readonly PrimitiveType Short = new("short");
    public static readonly PrimitiveType Byte = new("byte");
    public static readonly PrimitiveType Float = new("float");
    public static readonly PrimitiveType Double = new("double");
    public static readonly PrimitiveType Boolean = new("boolean");
    public static readonly PrimitiveType Binary = new("binary");
    public static readonly PrimitiveType Date = new("date");
    public static readonly PrimitiveType Timestamp = new("timestamp");

    private PrimitiveType(string name) => Name = name;

    public string Name { get; }

    public override string TypeName => Name;

    /// <summary>Resolves a primitive type name; null when the name is not a primitive we support.</summary>
    public static PrimitiveType? FromName(string name) => name switch
    {
        "string" => String,
        "long" => Long,
        "integer" => Integer,
        "short" => Short,
        "byte" => Byte,
        "float" => Float,
        "double" => Double,
        "boolean" => Boolean,
        "binary" => Binary,
        "date" => Date,
        "timestamp" => Timestamp,
        _ => null,
    };

    public override string ToString() => Name;
}
