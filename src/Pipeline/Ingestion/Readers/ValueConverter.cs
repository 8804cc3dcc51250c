using System.Globalization;
using System.Numerics;
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
                return TryNumber<long>(text, NumberStyles.Integer, out value);
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Integer):
                return TryNumber<int>(text, NumberStyles.Integer, out value);
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Double):
                return TryNumber<double>(text, NumberStyles.Float, out value);
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Float):
                return TryNumber<float>(text, NumberStyles.Float, out value);
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Short):
                return TryNumber<short>(text, NumberStyles.Integer, out value);
            case PrimitiveType p when ReferenceEquals(p, PrimitiveType.Byte):
                return TryNumber<sbyte>(text, NumberStyles.Integer, out value);
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
                return TryNumber<decimal>(text, NumberStyles.Float, out value);
            case ArrayType { ElementType: PrimitiveType e } when ReferenceEquals(e, PrimitiveType.String):
                return TryStringListFromJsonText(text, out value);
            default:
                return false;
        }
    }

    private static bool TryNumber<T>(ReadOnlySpan<char> text, NumberStyles style, out object? value)
        where T : INumberBase<T>
    {
        var parsed = T.TryParse(text, style, Invariant, out var number);
        value = parsed ? number : null;
        return parsed;
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
