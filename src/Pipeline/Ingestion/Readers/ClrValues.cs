using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>
/// Decoded values of the binary formats (Apache.Avro generic values, the Parquet adapter's Delta CLR values) →
/// Bronze values, and → JSON for rescued data and quarantine text.
/// </summary>
internal static class ClrValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static bool TryConvert(object value, DeltaType type, out object? converted)
    {
        converted = null;
        if (ReferenceEquals(type, PrimitiveType.String))
        {
            converted = value switch
            {
                string s => s,
                long or int or bool or Guid => Convert.ToString(value, Invariant),
                double d => d.ToString("R", Invariant),
                float f => f.ToString("R", Invariant),
                GenericEnum e => e.Value,
                DateTime dt => dt.ToString("O", Invariant),
                DateOnly date => date.ToString("yyyy-MM-dd", Invariant),
                decimal m => m.ToString(Invariant),
                byte[] or GenericFixed or GenericRecord or IDictionary or IList or IReadOnlyDictionary<object, object?> => ToJson(value),
                _ => Convert.ToString(value, Invariant),
            };
            return converted is not null;
        }

        switch (value)
        {
            case string s:
                return s.Length > 0 && ValueConverter.TryFromText(s, type, out converted);
            case long l when ReferenceEquals(type, PrimitiveType.Long):
                converted = l;
                return true;
            case int i when ReferenceEquals(type, PrimitiveType.Long):
                converted = (long)i;
                return true;
            case int i when ReferenceEquals(type, PrimitiveType.Integer):
                converted = i;
                return true;
            case long l when ReferenceEquals(type, PrimitiveType.Integer) && l is >= int.MinValue and <= int.MaxValue:
                converted = (int)l;
                return true;
            case double d when ReferenceEquals(type, PrimitiveType.Double):
                converted = d;
                return true;
            case float f when ReferenceEquals(type, PrimitiveType.Double):
                converted = (double)f;
                return true;
            case long or int when ReferenceEquals(type, PrimitiveType.Double):
                converted = Convert.ToDouble(value, Invariant);
                return true;
            case float f when ReferenceEquals(type, PrimitiveType.Float):
                converted = f;
                return true;
            case bool b when ReferenceEquals(type, PrimitiveType.Boolean):
                converted = b;
                return true;
            case short or sbyte when ReferenceEquals(type, PrimitiveType.Long):
                converted = Convert.ToInt64(value, Invariant);
                return true;
            case short or sbyte when ReferenceEquals(type, PrimitiveType.Integer):
                converted = Convert.ToInt32(value, Invariant);
                return true;
            case short or sbyte or decimal when ReferenceEquals(type, PrimitiveType.Double):
                converted = Convert.ToDouble(value, Invariant);
                return true;
            case DateOnly date when ReferenceEquals(type, PrimitiveType.Date):
                converted = date;
                return true;
            case decimal m when type is DecimalType:
                converted = m;
                return true;
            case byte[] bytes when ReferenceEquals(type, PrimitiveType.Binary):
                converted = bytes;
                return true;
            case DateTime dt when ReferenceEquals(type, PrimitiveType.Timestamp):
                converted = dt.Kind == DateTimeKind.Utc ? dt : DateTime.SpecifyKind(dt, DateTimeKind.Utc);
                return true;
            case DateTime dt when ReferenceEquals(type, PrimitiveType.Date):
                converted = DateOnly.FromDateTime(dt);
                return true;
            case IList list when type is ArrayType { ElementType: var element } && ReferenceEquals(element, PrimitiveType.String):
                var strings = new List<object?>(list.Count);
                foreach (var item in list)
                {
                    strings.Add(item is null ? null : TryConvert(item, PrimitiveType.String, out var text) ? text : null);
                }

                converted = strings;
                return true;
            default:
                return false;
        }
    }

    public static void Rescue(RowBuilder builder, string name, object value) => Write(builder.BeginRescue(name), value);

    /// <summary>A record or value as compact JSON: the raw text of a quarantined Avro record.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value)
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
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double or float:
                writer.WriteStringValue(Convert.ToString(value, Invariant));
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case GenericFixed fixedValue:
                writer.WriteBase64StringValue(fixedValue.Value);
                break;
            case GenericEnum e:
                writer.WriteStringValue(e.Value);
                break;
            case GenericRecord record:
                writer.WriteStartObject();
                foreach (var field in record.Schema.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    Write(writer, record.GetValue(field.Pos));
                }

                writer.WriteEndObject();
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, Invariant) ?? string.Empty);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<object, object?> readOnlyMap:
                writer.WriteStartObject();
                foreach (var (key, item) in readOnlyMap)
                {
                    writer.WritePropertyName(Convert.ToString(key, Invariant) ?? string.Empty);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IList list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case DateTime dt:
                writer.WriteStringValue(dt);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", Invariant));
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case short or sbyte:
                writer.WriteNumberValue(Convert.ToInt32(value, Invariant));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, Invariant));
                break;
        }
    }
}
