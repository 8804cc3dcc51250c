using Kardiaflow.Pipeline.Checks;
using Spectre.Console;

namespace Kardiaflow.Client.Checks;

/// <summary>Check results as one Spectre table per layer, FAIL and ERROR in red.</summary>
internal static class CheckReport
{
    public static void Write(IAnsiConsole console, IReadOnlyList<(DateTime RunTs, CheckResult Result)> results)
    {
        if (results.Count == 0)
        {
            console.MarkupLine("[yellow]No data-quality checks have run yet.[/]");
            return;
        }

        foreach (var layer in results.GroupBy(r => r.Result.Layer))
        {
            var runTs = layer.First().RunTs.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var table = new Table().Title($"{layer.Key} checks ({runTs})").AddColumns("table", "metric", "value", "status", "message").RightAlign(2);
            foreach (var (_, r) in layer)
            {
                var status = r.Status == CheckStatus.Pass ? "[green]PASS[/]" : $"[red]{Markup.Escape(r.Status)}[/]";
                table.AddRow(Markup.Escape(r.TableName), Markup.Escape(r.Metric), Markup.Escape(ConsoleTables.Value(r.Value)), status, Markup.Escape(r.Message ?? string.Empty));
            }

            console.Write(table);
        }
    }
}
