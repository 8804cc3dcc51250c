using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Values;

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

    public static void Rescue(RowBuilder builder, string name, object value) => ValueJson.Write(builder.BeginRescue(name), value, adapt: Plain);

    /// <summary>A record or value as compact JSON: the raw text of a quarantined Avro record.</summary>
    public static string ToJson(object? value) => ValueJson.ToJson(value, adapt: Plain);

    /// <summary>The Avro library's own value types as plain values (a record as its fields in schema order).</summary>
    private static object? Plain(object value) => value switch
    {
        GenericFixed fixedValue => fixedValue.Value,
        GenericEnum e => e.Value,
        GenericRecord record => record.Schema.Fields.ToDictionary(f => f.Name, f => record.GetValue(f.Pos), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        _ => value,
    };
}
