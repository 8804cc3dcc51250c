using System.Globalization;
using System.Text;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Parses the protocol's serialized partition values (<c>add.partitionValues</c>) into CLR values. Values come from
/// the log, never from folder names, so no Hive unescaping is needed; null, the empty string and Hive's null marker all
/// mean null.
/// </summary>
public static class PartitionValueParser
{
    private const string HiveNull = "__HIVE_DEFAULT_PARTITION__";

    public static object? Parse(string? value, DeltaType type, string column)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null || value.Length == 0 || value == HiveNull)
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        try
        {
            return type switch
            {
                DecimalType => decimal.Parse(value, NumberStyles.Float, c),
                PrimitiveType p => p.Name switch
                {
                    "string" => value,
                    "long" => long.Parse(value, NumberStyles.Integer, c),
                    "integer" => int.Parse(value, NumberStyles.Integer, c),
                    "short" => short.Parse(value, NumberStyles.Integer, c),
                    "byte" => sbyte.Parse(value, NumberStyles.Integer, c),
                    "float" => float.Parse(value, NumberStyles.Float, c),
                    "double" => double.Parse(value, NumberStyles.Float, c),
                    "boolean" => bool.Parse(value),
                    "date" => DateOnly.ParseExact(value, "yyyy-MM-dd", c),
                    "timestamp" => ParseTimestamp(value),
                    "binary" => Encoding.Latin1.GetBytes(value),
                    _ => throw UnsupportedTypeException.ForType(p.Name, column),
                },
                _ => throw UnsupportedTypeException.ForType(type.TypeName, column),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new DeltaLakeException(
                $"Partition column '{column}' has the value '{value}', which is not a valid {type.TypeName}; the log is inconsistent with the table schema.", e);
        }
    }

    /// <summary>Spark writes "1970-01-02 08:45:00[.ffffff]" without a zone, meaning UTC; ISO-8601 with a zone is accepted too.</summary>
    private static DateTime ParseTimestamp(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).UtcDateTime;
}
