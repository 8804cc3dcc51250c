using System.Globalization;
using System.Text.RegularExpressions;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Feedback timestamps (docs/data-contract.md (Silver)): an ISO-8601 string becomes a UTC instant. A string whose time part ends in
/// <c>Z</c>, <c>±HH</c>, <c>±HHMM</c> or <c>±HH:MM</c> is converted (<see cref="Offset"/>); any other (a naive date-time
/// or a bare date) is taken as UTC (<see cref="Naive"/>). An unparseable string gives a null instant and source.
/// </summary>
public static partial class FeedbackTimestamp
{
    public const string Offset = "offset";
    public const string Naive = "naive";

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
    ];

    public static (DateTime? Instant, string? Source) Parse(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            return (null, null);
        }

        var local = match.Groups["date"].Value + match.Groups["time"].Value;
        if (!DateTime.TryParseExact(local, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            return (null, null);
        }

        var zone = match.Groups["zone"];
        if (!zone.Success)
        {
            return (DateTime.SpecifyKind(dateTime, DateTimeKind.Utc), Naive);
        }

        var offset = ParseOffset(zone.Value);
        if (offset is null)
        {
            return (null, null);
        }

        return (DateTime.SpecifyKind(dateTime - offset.Value, DateTimeKind.Utc), Offset);
    }

    private static TimeSpan? ParseOffset(string zone)
    {
        if (zone is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var sign = zone[0] == '-' ? -1 : 1;
        var digits = zone[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = digits.Length == 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        if (hours > 18 || minutes > 59)
        {
            return null;
        }

        return sign * new TimeSpan(hours, minutes, 0);
    }

    // The zone is only recognised after a time part: "2024-01-05-03" is not a date with an offset.
    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:(?<time>[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(?<zone>Z|z|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
