using Kardiaflow.Client.Ingestion;
using Kardiaflow.Client.Kpis;
using Kardiaflow.Client.Silver;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Spectre.Console;

namespace Kardiaflow.Client.Checks;

/// <summary>
/// What follows Bronze, shared by <c>run</c>, <c>submit --wait</c> and <c>rebuild</c>: wait for Silver to consume
/// the Bronze versions as they are now, print the Silver summary, bring Gold up to date, run the checks, print the KPI
/// summary and the check results.
/// </summary>
internal static class PipelineFinish
{
    /// <summary>After an ingestion job: its report, then the rest of the pipeline. Returns the command's exit code.</summary>
    public static async Task<int> AfterJobAsync(
        IClusterClient client, ILakeStorage lake, IAnsiConsole console, JobSnapshot snapshot, CancellationToken cancellationToken)
    {
        // Without a terminal the follower has already printed each file's outcome as it happened.
        JobReport.Write(console, snapshot, listFiles: ConsoleOutput.IsInteractive);

        // Silver, Gold and the checks run even when a file failed: the other files' records are in Bronze.
        var passed = await RunAsync(client, lake, console, cancellationToken);
        return snapshot.Succeeded && passed ? 0 : 1;
    }

    /// <summary>Silver → Gold → checks over <paramref name="lake"/>; false when any check is FAIL or ERROR.</summary>
    public static async Task<bool> RunAsync(IClusterClient client, ILakeStorage lake, IAnsiConsole console, CancellationToken cancellationToken)
    {
        IReadOnlyList<SilverFeedStatus> silver;
        IReadOnlyList<SilverFeedStatus> failing = [];
        try
        {
            silver = await SilverStage.WaitAsync(client, console, cancellationToken);
        }
        catch (SilverFeedFailingException e)
        {
            // No waiting out a feed that fails every batch, and no success while it does: say which, go on to Gold and
            // the checks (their freshness checks record it), and exit 1.
            (silver, failing) = (e.All, e.Failing);
            foreach (var feed in failing)
            {
                console.MarkupLine($"[red]{Markup.Escape(SilverFeedHealth.Describe(feed))}[/]");
            }
        }

        var healthy = failing.Count == 0;
        healthy &= await StepAsync(console, "Silver summary", () => SilverStage.WriteReportAsync(console, lake, silver, cancellationToken));
        healthy &= await StepAsync(console, "Gold update", async () =>
        {
            var gold = await client.GetGrain<IGoldGrain>(IGoldGrain.Key).UpdateAsync();
            console.WriteLine(gold.EpochsRun == 0
                // On a running silo Gold also follows Silver on its own interval: "already up to date" is true either way.
                ? $"Gold: nothing changed; it was already up to date with Silver (epoch {gold.Epoch})."
                : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Gold: epoch {gold.Epoch}, {gold.FactsRead:N0} Silver changes, {gold.RowsChanged.Values.Sum():N0} Gold rows changed."));
        });
        var run = await client.GetGrain<IValidationGrain>(0).RunAsync();
        healthy &= await StepAsync(console, "KPI summary", () => KpiReport.WriteAsync(console, lake, cancellationToken));
        CheckReport.Write(console, run.Results.Select(r => (run.RunTs, new CheckResult(r.Layer, r.TableName, r.Metric, r.Value, r.Status, r.Message))).ToList());
        if (failing.Count > 0)
        {
            console.MarkupLine($"[red]Not complete: {failing.Count} Silver feed(s) keep failing; `kardiaflow status` shows them.[/]");
        }

        return run.Passed && healthy;
    }

    /// <summary>
    /// One summary step. A healthy lake never fails one; a lake whose feed keeps failing (a table replaced underneath a
    /// silo, say) may, and then the step is one line (the error's type and first line: engine errors name files, never
    /// values) and the run goes on to the checks, which say what is wrong. False when it failed.
    /// </summary>
    private static async Task<bool> StepAsync(IAnsiConsole console, string step, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            console.MarkupLine($"[red]{Markup.Escape($"{step} failed: {e.GetType().Name}: {Silo.Startup.StartupErrors.FirstLine(e.Message)}")}[/]");
            return false;
        }
    }
}
