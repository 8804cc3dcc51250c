using System.Globalization;
using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// Table durations such as <c>delta.deletedFileRetentionDuration</c>, written as Spark calendar intervals:
/// "interval 7 days", "interval 1 week", "168 hours", "interval 1 day 12 hours".
/// </summary>
internal static class RetentionDuration
{
    public const string DeletedFileRetentionKey = "delta.deletedFileRetentionDuration";

    /// <summary>Delta's default for <c>delta.deletedFileRetentionDuration</c>.</summary>
    public static readonly TimeSpan DefaultDeletedFileRetention = TimeSpan.FromDays(7);

    /// <summary>How long removed files stay available to time travel and other engines' readers.</summary>
    public static TimeSpan DeletedFileRetention(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(DeletedFileRetentionKey, out var text)
            ? Parse(text, DeletedFileRetentionKey)
            : DefaultDeletedFileRetention;

    public static TimeSpan Parse(string text, string key)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = parts.Length > 0 && string.Equals(parts[0], "interval", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (parts.Length == start || (parts.Length - start) % 2 != 0)
        {
            throw Invalid(text, key);
        }

        var total = TimeSpan.Zero;
        for (var i = start; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
            {
                throw Invalid(text, key);
            }

            var unit = parts[i + 1].ToLowerInvariant().TrimEnd('s');
            total += unit switch
            {
                "week" => TimeSpan.FromDays(7 * n),
                "day" => TimeSpan.FromDays(n),
                "hour" => TimeSpan.FromHours(n),
                "minute" => TimeSpan.FromMinutes(n),
                "second" => TimeSpan.FromSeconds(n),
                "millisecond" => TimeSpan.FromMilliseconds(n),
                "microsecond" => TimeSpan.FromMicroseconds(n),
                _ => throw Invalid(text, key),
            };
        }

        return total;
    }

    private static DeltaLakeException Invalid(string text, string key) =>
        new($"The table property '{key}' is '{text}', which is not an interval such as 'interval 7 days'.");
}
