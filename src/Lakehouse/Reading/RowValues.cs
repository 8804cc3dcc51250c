using System.Collections;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>Value equality for row values as the engine carries them (byte[], lists, maps and structs compared by content).</summary>
public sealed class RowValues : IEqualityComparer<object?[]>
{
    public static readonly RowValues Comparer = new();

    public static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (IDictionary x, IDictionary y) => x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && ValueEquals(x[k], y[k])),
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().SequenceEqual(y.Cast<object?>(), ObjectComparer.Instance),
        _ => a.Equals(b) || (IsNumber(a) && IsNumber(b) && Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture)),
    };

    public bool Equals(object?[]? x, object?[]? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!ValueEquals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(object?[] obj)
    {
        var hash = new HashCode();
        foreach (var v in obj)
        {
            hash.Add(v switch
            {
                null => 0,
                string s => StringComparer.Ordinal.GetHashCode(s),
                long or int or short or sbyte or byte => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture).GetHashCode(),
                decimal m => m.GetHashCode(),
                byte[] b => b.Length,
                IEnumerable => 1,
                _ => v.GetHashCode(),
            });
        }

        return hash.ToHashCode();
    }

    private static bool IsNumber(object o) => o is long or int or short or sbyte or byte or decimal;

    private sealed class ObjectComparer : IEqualityComparer<object?>
    {
        public static readonly ObjectComparer Instance = new();

        public new bool Equals(object? x, object? y) => ValueEquals(x, y);

        public int GetHashCode(object? obj) => obj?.GetHashCode() ?? 0;
    }
}
