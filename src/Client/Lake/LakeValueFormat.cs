using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Client.Lake;

/// <summary>
/// How table values print (DESIGN.md §4): the jsonl form is a contract other tools compare against, so every type
/// has exactly one spelling — dates yyyy-MM-dd, timestamps ISO-8601 UTC with 'Z' and only the fraction digits needed,
/// decimals with their declared scale, binary as base64.
/// </summary>
internal static class LakeValueFormat
{
    public static void WriteJson(Utf8JsonWriter writer, object? value, DeltaType type)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case short s:
                writer.WriteNumberValue(s);
                break;
            case sbyte b:
                writer.WriteNumberValue(b);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double or float:
                // JSON has no NaN/Infinity; Spark's JSON writer spells them as strings too.
                writer.WriteStringValue(Text(value, type));
                break;
            case decimal m:
                writer.WriteRawValue(Decimal(m, type));
                break;
            case DateOnly or DateTime:
                writer.WriteStringValue(Text(value, type));
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case object?[] fields when type is StructType st:
                writer.WriteStartObject();
                for (var i = 0; i < st.Fields.Count; i++)
                {
                    writer.WritePropertyName(st.Fields[i].Name);
                    WriteJson(writer, i < fields.Length ? fields[i] : null, st.Fields[i].Type);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<object, object?> map:
                var mt = type as MapType;
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(Text(k, mt?.KeyType ?? PrimitiveType.String));
                    WriteJson(writer, v, mt?.ValueType ?? PrimitiveType.String);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                var element = (type as ArrayType)?.ElementType ?? PrimitiveType.String;
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item, element);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The value as plain text (CSV cells, table cells, map keys); nested values as their JSON.</summary>
    public static string Text(object? value, DeltaType type) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        decimal m => Decimal(m, type),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        object?[] or IReadOnlyDictionary<object, object?> or IReadOnlyList<object?> => Json(value, type),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Json(object? value, DeltaType type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer, value, type);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Decimal(decimal value, DeltaType type) =>
        type is DecimalType dt
            ? Math.Round(value, dt.Scale, MidpointRounding.ToEven).ToString("F" + dt.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);
}
