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

    public static UnsupportedTypeException ForType(string typeName, string? column) =>
        new($"Unsupported Delta data type '{typeName}'{(column is null ? string.Empty : $" in column '{column}'")}. " +
            "This engine reads string, numeric, decimal(p,s) up to 38, boolean, binary, date, timestamp, struct, array and map; " +
            $"cast the column to one of these, or read the table with a Delta reader that supports '{typeName}'.")
        {
            Feature = typeName,
            TypeName = typeName,
        };
}
