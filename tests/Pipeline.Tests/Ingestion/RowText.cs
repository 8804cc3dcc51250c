using System.Globalization;

namespace Kardiaflow.Pipeline.Tests.Ingestion;

/// <summary>Comparable text of Bronze rows and quarantined records, for "parts == whole" assertions.</summary>
internal static class RowText
{
    public static List<string> Of(ReadResult result)
    {
        var lines = new List<string>(result.Rows.Count + result.Quarantined.Count);
        foreach (var row in result.Rows)
        {
            lines.Add(string.Join("|", row.Select(Format)));
        }

        foreach (var q in result.Quarantined)
        {
            lines.Add($"Q{q.SourceRow}:{q.Reason}:{q.Raw}");
        }

        return lines;
    }

    private static string Format(object? value) => value switch
    {
        null => "∅",
        IReadOnlyList<object?> list => "[" + string.Join(",", list.Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
