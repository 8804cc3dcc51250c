namespace Kardiaflow.EndToEnd.Tests;

/// <summary>The per-dataset rows of the summary table that <c>kardiaflow run</c> prints, parsed from its plain output.</summary>
internal static class SummaryTable
{
    private static readonly char[] Borders = ['│', '|', '┃'];

    /// <summary>Cells of the row of <paramref name="dataset"/>: dataset, files, rows read, Bronze rows, quarantined,
    /// skipped files, failed files, rows/s (numbers without separators).</summary>
    public static IReadOnlyList<string> Row(string output, string dataset)
    {
        var rows = output.Split('\n')
            .Select(line => line.Split(Borders, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 8 && cells[0] == dataset)
            .ToList();
        var row = Assert.Single(rows);
        return row.Select(c => c.Replace(",", "", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The cells of every table row of the output whose first cell is <paramref name="first"/>, of any width.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> RowsStartingWith(string output, string first) =>
        output.Split('\n')
            .Select(line => line.Split(Borders, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 1 && cells[0] == first)
            .Select(cells => (IReadOnlyList<string>)cells.Select(c => c.Replace(",", "", StringComparison.Ordinal)).ToList())
            .ToList();
}
