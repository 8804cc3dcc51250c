using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kardiaflow.Lakehouse.Parquet;

/// <summary>
/// Writes the per-file statistics string of an <c>add</c> action (PROTOCOL.md "Per-file Statistics") the way Spark
/// does: long strings cut to a prefix, timestamps at millisecond precision with the maximum rounded up so that the
/// bounds still contain every value.
/// </summary>
internal static class DeltaStatsJson
{
    /// <summary>Spark's default <c>delta.dataSkippingStringPrefixLength</c>.</summary>
    public const int StringPrefixLength = 32;

    public static string Write(long numRecords, IReadOnlyList<ColumnStats> columns)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("numRecords", numRecords);
            WriteBounds(json, "minValues", columns, isMax: false);
            WriteBounds(json, "maxValues", columns, isMax: true);
            json.WriteStartObject("nullCount");
            foreach (var c in columns)
            {
                json.WriteNumber(c.Name, c.NullCount);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteBounds(Utf8JsonWriter json, string property, IReadOnlyList<ColumnStats> columns, bool isMax)
    {
        json.WriteStartObject(property);
        foreach (var c in columns)
        {
            var value = isMax ? c.Max : c.Min;
            if (c.HasMinMax && value is not null)
            {
                WriteValue(json, c.Name, value, isMax);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object value, bool isMax)
    {
        switch (value)
        {
            case string s:
                var bound = isMax ? TruncateMax(s) : TruncateMin(s);
                if (bound is not null)
                {
                    json.WriteString(name, bound);
                }

                break;
            case long l: json.WriteNumber(name, l); break;
            case int i: json.WriteNumber(name, i); break;
            case short sh: json.WriteNumber(name, sh); break;
            case sbyte sb: json.WriteNumber(name, sb); break;
            case double d when double.IsFinite(d): json.WriteNumber(name, d); break;
            case float f when float.IsFinite(f): json.WriteNumber(name, f); break;
            case decimal m: json.WriteNumber(name, m); break;
            case DateOnly date: json.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime ts: json.WriteString(name, FormatTimestamp(ts, isMax)); break;
            default: break;
        }
    }

    private static string FormatTimestamp(DateTime utc, bool roundUp)
    {
        var millis = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        if (roundUp && millis.Ticks != utc.Ticks)
        {
            millis = millis.AddMilliseconds(1);
        }

        return millis.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static string TruncateMin(string s) => s.Length <= StringPrefixLength ? s : s[..PrefixLength(s)];

    /// <summary>
    /// A prefix followed by U+10FFFF, the greatest code point: in UTF-8 byte order (how Delta readers compare) it is
    /// greater than every string that starts with the prefix.
    /// </summary>
    private static string? TruncateMax(string s) => s.Length <= StringPrefixLength ? s : s[..PrefixLength(s)] + "\U0010FFFF";

    // Never cut between the two halves of a surrogate pair.
    private static int PrefixLength(string s) =>
        char.IsHighSurrogate(s[StringPrefixLength - 1]) ? StringPrefixLength - 1 : StringPrefixLength;
}
