namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// The arithmetic of docs/data-contract.md (Gold): money as <see cref="decimal"/> (a double amount becomes the decimal of its shortest
/// round-trip digits, so 2.675 is exactly 2.675), ROUND half away from zero on the decimal value, and the
/// <c>'Unknown'</c> substitute for null grouping keys.
/// </summary>
public static class KpiMath
{
    public const string Unknown = "Unknown";

    public static string Key(string? value) => value ?? Unknown;

    /// <summary>The decimal a person reads in the double (15 significant digits, as the decimal conversion keeps).</summary>
    public static decimal ToDecimal(double value) => (decimal)value;

    public static double Round(decimal value, int digits) => (double)Math.Round(value, digits, MidpointRounding.AwayFromZero);

    /// <summary>ROUND(numerator / denominator, digits), null when the denominator is zero.</summary>
    public static double? RoundRatio(decimal numerator, decimal denominator, int digits) =>
        denominator == 0 ? null : Round(numerator / denominator, digits);

    public static int DayNumber(DateOnly date) => date.DayNumber;

    public static DateOnly Day(int dayNumber) => DateOnly.FromDayNumber(dayNumber);
}
