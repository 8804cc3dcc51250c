using System.Globalization;
using Spectre.Console;

namespace Kardiaflow.Client;

/// <summary>
/// How every console table spells numbers: counts with thousands separators, money and averages with two decimals,
/// rates as percentages; numeric columns right-aligned. One place, so the job, Silver, KPI and check tables agree.
/// </summary>
internal static class ConsoleTables
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Money(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string TwoDecimals(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("0.00%", CultureInfo.InvariantCulture);

    /// <summary>A check's value: an integer as a count, anything else (a timestamp, a ratio) as written.</summary>
    public static string Value(string? value) =>
        value is null ? "-" : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Count(n) : value;

    /// <summary>Right-aligns the named columns (numbers line up by their last digit).</summary>
    public static Table RightAlign(this Table table, params int[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var column in columns)
        {
            table.Columns[column].RightAligned();
        }

        return table;
    }
}
