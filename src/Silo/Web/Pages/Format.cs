using System.Globalization;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>How numbers and dates appear in the pages' tables and chart labels (invariant culture, ROUND half away from zero).</summary>
internal static class Format
{
    public static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static double Round2(decimal value) => (double)Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The data contract's 'Unknown' for a null grouping key (docs/data-contract.md, Gold).</summary>
    public static string Key(object? value) => value as string ?? "Unknown";
}
