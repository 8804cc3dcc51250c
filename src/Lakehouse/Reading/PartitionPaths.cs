using System.Globalization;
using System.Text;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Partition values as the protocol serializes them ("Partition Value Serialization") and the Hive-style folder names
/// Spark writes for them (<c>col=value</c>, special characters %-escaped, null as <c>__HIVE_DEFAULT_PARTITION__</c>).
/// </summary>
internal static class PartitionPaths
{
    public const string NullFolderValue = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The protocol string of a partition value; null for null (and for the empty string, as Spark does).</summary>
    public static string? Serialize(object? value, DeltaType type, string column)
    {
        if (value is null)
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            DecimalType => ValueConverters.ToDecimal(value, column).ToString(c),
            PrimitiveType p => p.Name switch
            {
                "string" => (value as string ?? throw ValueConverters.WrongType(value, column, "string")) is { Length: > 0 } s ? s : null,
                "long" => ValueConverters.ToLong(value, column).ToString(c),
                "integer" => ValueConverters.ToInt(value, column).ToString(c),
                "short" => ValueConverters.ToShort(value, column).ToString(c),
                "byte" => ValueConverters.ToSByte(value, column).ToString(c),
                "float" => ValueConverters.ToFloat(value, column).ToString("R", c),
                "double" => ValueConverters.ToDouble(value, column).ToString("R", c),
                "boolean" => ValueConverters.ToBool(value, column) ? "true" : "false",
                "date" => ValueConverters.ToDate(value, column).ToString("yyyy-MM-dd", c),
                "timestamp" => FormatTimestamp(ValueConverters.ToTimestamp(value, column)),
                "binary" => Encoding.Latin1.GetString(ValueConverters.ToBinary(value, column).Span),
                _ => throw new UnsupportedTypeException($"Partition column '{column}' has type '{p.Name}', which cannot be a partition column."),
            },
            _ => throw new UnsupportedTypeException($"Partition column '{column}' has type '{type.TypeName}'; only primitive types can partition a table."),
        };
    }

    /// <summary>The folder of one partition, e.g. <c>region=EU/day=2024-01-02</c> (not URI-encoded).</summary>
    public static string Folder(IReadOnlyList<string> columns, IReadOnlyList<string?> values)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('/');
            }

            Escape(sb, columns[i]);
            sb.Append('=');
            if (values[i] is { } v)
            {
                Escape(sb, v);
            }
            else
            {
                sb.Append(NullFolderValue);
            }
        }

        return sb.ToString();
    }

    private static string FormatTimestamp(DateTime utc)
    {
        var micros = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        return micros == 0
            ? utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    // Hive's FileUtils.escapePathName set.
    private static void Escape(StringBuilder sb, string value)
    {
        foreach (var ch in value)
        {
            if (ch < 0x20 || ch == 0x7F || ch is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^')
            {
                sb.Append('%').Append(((int)ch).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(ch);
            }
        }
    }
}
