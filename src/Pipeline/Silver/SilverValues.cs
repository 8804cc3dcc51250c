using System.Globalization;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>The value conversions of docs/data-contract.md (Silver) shared by the Silver rules.</summary>
public static class SilverValues
{
    /// <summary>A strict <c>yyyy-MM-dd</c> date, or null.</summary>
    public static DateOnly? IsoDate(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>Year of a <c>yyyy-MM-dd</c> BIRTHDATE; null otherwise.</summary>
    public static int? BirthYear(string? birthDate) => IsoDate(birthDate)?.Year;

    /// <summary>A <c>yyyy-MM-dd</c> DATE as an instant at 00:00 UTC; null otherwise.</summary>
    public static DateTime? StartOfDayUtc(string? date) =>
        IsoDate(date) is { } d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;

    /// <summary>An integral code as its digits.</summary>
    public static string? Digits(long? code) => code?.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A double code as text: integral values as plain digits (never exponent notation), other finite values in
    /// plain decimal notation; NaN (the sample's "no reason") and infinities become null.
    /// </summary>
    public static string? PlainNumber(double? value)
    {
        if (value is not { } v || double.IsNaN(v) || double.IsInfinity(v))
        {
            return null;
        }

        if (v == Math.Floor(v) && Math.Abs(v) < 9.2e18)
        {
            return ((long)v).ToString(CultureInfo.InvariantCulture);
        }

        if (Math.Abs(v) < 7.9e28)
        {
            // The shortest round-trip text, re-read as a decimal so it prints without exponent notation.
            return decimal.Parse(v.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
                .ToString(CultureInfo.InvariantCulture);
        }

        return v.ToString("F0", CultureInfo.InvariantCulture);
    }
}
