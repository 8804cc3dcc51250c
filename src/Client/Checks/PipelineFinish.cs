using Kardiaflow.Client.Kpis;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Spectre.Console;

namespace Kardiaflow.Client.Checks;

/// <summary>
/// The end of <c>run</c> (and <c>submit --wait</c>): wait for Silver to consume the Bronze versions, bring Gold up to
/// date, run the checks, print the KPI summary and the check results. Returns false when any check is FAIL or ERROR.
/// </summary>
internal static class PipelineFinish
{
    public static async Task<bool> RunAsync(IClusterClient client, string lake, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var storage = new LocalLakeStorage(lake);
        var bronze = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in SilverFeeds.BronzeTables)
        {
            if (await Pipeline.Gold.SilverChangeReader.CurrentVersionAsync(storage, table, cancellationToken) is { } version)
            {
                bronze[table] = version;
            }
        }

        console.MarkupLine("Silver: catching up with Bronze...");
        await SilverFeedWaiter.WaitAsync(client, bronze, TimeSpan.FromMinutes(30), cancellationToken);
        var gold = await client.GetGrain<IGoldGrain>("gold").UpdateAsync();
        console.MarkupLine($"Gold: epoch {gold.Epoch}, {gold.FactsRead} Silver changes, {gold.RowsChanged.Values.Sum()} Gold rows changed.");
        var run = await client.GetGrain<IValidationGrain>(0).RunAsync();
        await KpiReport.WriteAsync(console, storage, cancellationToken);
        CheckReport.Write(console, run.Results.Select(r => (run.RunTs, new CheckResult(r.Layer, r.TableName, r.Metric, r.Value, r.Status, r.Message))).ToList());
        return run.Passed;
    }
}
