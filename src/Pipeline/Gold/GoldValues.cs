using System.Globalization;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>Value comparison and key text for Gold rows (strings, longs, ints, doubles, dates, timestamps, nulls).</summary>
public static class GoldValues
{
    public static bool RowEquals(object?[] a, object?[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.AsSpan().SequenceEqual(b);
    }

    public static string Text(object? value) => value switch
    {
        null => "\u0000",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
