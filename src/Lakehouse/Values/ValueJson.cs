using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Values;

/// <summary>
/// The one spelling of a value as JSON, shared by <c>lake read</c> (jsonl is a contract other tools compare against) and
/// <c>_rescued_data</c>: every integer type as a number, non-finite floats as the strings <c>NaN</c>, <c>Infinity</c>,
/// <c>-Infinity</c> (JSON has none; Spark's JSON writer spells them so too), dates <c>yyyy-MM-dd</c>, timestamps ISO-8601
/// UTC with <c>Z</c> and only the fraction digits needed, decimals with their declared scale, binary as base64. The
/// Delta type, when known, decides struct field names, map key spelling and decimal scale; nested values follow theirs.
/// </summary>
public static class ValueJson
{
    /// <summary>Keeps non-ASCII text readable: these are data, not HTML.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="value"/>. <paramref name="adapt"/> turns a reader library's own value types (an Avro
    /// record, say) into plain ones before they are written, at every level.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, object? value, DeltaType? type = null, Func<object, object?>? adapt = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not null && adapt is not null)
        {
            value = adapt(value);
        }

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
            case long or int or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double or float:
                writer.WriteStringValue(Text(value, type));
                break;
            case decimal m:
                writer.WriteRawValue(Decimal(m, type));
                break;
            case DateOnly or DateTime or DateTimeOffset:
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
                    Write(writer, i < fields.Length ? fields[i] : null, st.Fields[i].Type, adapt);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<object, object?> map:
                WriteMap(writer, map.Select(kv => new KeyValuePair<object, object?>(kv.Key, kv.Value)), type as MapType, adapt);
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteMap(writer, map.Select(kv => new KeyValuePair<object, object?>(kv.Key, kv.Value)), type as MapType, adapt);
                break;
            case IDictionary map:
                WriteMap(writer, map.Cast<DictionaryEntry>().Select(e => new KeyValuePair<object, object?>(e.Key, e.Value)), type as MapType, adapt);
                break;
            case IEnumerable list:
                var element = (type as ArrayType)?.ElementType;
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, element, adapt);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The value as compact JSON text.</summary>
    public static string ToJson(object? value, DeltaType? type = null, Func<object, object?>? adapt = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value, type, adapt);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The value as plain text (CSV cells, table cells, map keys); nested values as their JSON.</summary>
    public static string Text(object? value, DeltaType? type = null) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        decimal m => Decimal(m, type),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => Timestamp(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        DateTimeOffset t => Timestamp(t.UtcDateTime),
        byte[] bytes => Convert.ToBase64String(bytes),
        object?[] or IDictionary or IReadOnlyDictionary<object, object?> or IReadOnlyDictionary<string, object?> => ToJson(value, type),
        IEnumerable when value is not string => ToJson(value, type),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<object, object?>> entries, MapType? type, Func<object, object?>? adapt)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in entries)
        {
            writer.WritePropertyName(Text(key, type?.KeyType));
            Write(writer, item, type?.ValueType, adapt);
        }

        writer.WriteEndObject();
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Decimal(decimal value, DeltaType? type) =>
        type is DecimalType dt
            ? Math.Round(value, dt.Scale, MidpointRounding.ToEven).ToString("F" + dt.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);
}
