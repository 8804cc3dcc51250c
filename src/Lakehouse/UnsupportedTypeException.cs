namespace Kardiaflow.Lakehouse;

/// <summary>A schema uses a data type we do not implement (timestamp_ntz, variant, ...); <see cref="TypeName"/> names it.</summary>
public sealed class UnsupportedTypeException : UnsupportedFeatureException
{
    public UnsupportedTypeException()
    {
    }

    public UnsupportedTypeException(string message)
        : base(message)
    {
    }

    public UnsupportedTypeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string TypeName { get; init; } = string.Empty;

    public static UnsupportedTypeException ForType(string typeName, string? column)
    {
        // The table feature that introduces the type, so the error names what the protocol calls it too.
        var feature = typeName switch
        {
            "timestamp_ntz" => "timestampNtz",
            "variant" => "variantType",
            _ => typeName,
        };
        return new($"Unsupported Delta data type '{typeName}'{(feature == typeName ? string.Empty : $" (table feature '{feature}')")}" +
            $"{(column is null ? string.Empty : $" in column '{column}'")}. " +
            "This engine reads string, numeric, decimal(p,s) up to 38, boolean, binary, date, timestamp, struct, array and map; " +
            $"cast the column to one of these, or read the table with a Delta reader that supports '{typeName}'.")
        {
            Feature = feature,
            TypeName = typeName,
        };
    }
}
