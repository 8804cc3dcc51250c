using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Ingestion.Readers;

/// <summary>Text → Bronze value conversion shared by the text formats (CSV/TSV, and JSON strings).</summary>
internal static class ValueConverter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Converts non-empty text to <paramref name="type"/>'s CLR value; false when the text does not fit.</summary>
    public static bool TryFromText(ReadOnlySpan<char> text, DeltaType type, out object? value)
    {
        value = null;
        switch (type)
        {
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.String):
                value = text.ToString();
                return true;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Long):
                if (long.TryParse(text, NumberStyles.Integer, Invariant, out var l))
                {
                    value = l;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Integer):
                if (int.TryParse(text, NumberStyles.Integer, Invariant, out var i))
                {
                    value = i;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Double):
                if (double.TryParse(text, NumberStyles.Float, Invariant, out var d))
                {
                    value = d;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Float):
                if (float.TryParse(text, NumberStyles.Float, Invariant, out var f))
                {
                    value = f;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Short):
                if (short.TryParse(text, NumberStyles.Integer, Invariant, out var s))
                {
                    value = s;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Byte):
                if (sbyte.TryParse(text, NumberStyles.Integer, Invariant, out var b))
                {
                    value = b;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Boolean):
                if (bool.TryParse(text, out var flag))
                {
                    value = flag;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Date):
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date))
                {
                    value = date;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Timestamp):
                if (DateTimeOffset.TryParse(text, Invariant, DateTimeStyles.AssumeUniversal, out var ts))
                {
                    value = ts.UtcDateTime;
                    return true;
                }

                return false;
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Binary):
                return false;
            case DecimalType:
                if (decimal.TryParse(text, NumberStyles.Float, Invariant, out var m))
                {
                    value = m;
                    return true;
                }

                return false;
            case ArrayType { ElementType: PrimitiveType e } when ReferenceEquals(e, PrimitiveType.String):
                return TryStringListFromJsonText(text, out value);
            default:
                return false;
        }
    }

    /// <summary>A text cell holding a JSON array of scalars (how a list travels through CSV) → list of strings.</summary>
    private static bool TryStringListFromJsonText(ReadOnlySpan<char> text, out object? value)
    {
        value = null;
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed.ToString());
            return JsonValues.TryStringList(document.RootElement, out value);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
