using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Gold;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary><c>kardiaflow status [JOB]</c>: the recent jobs of a running cluster, or one job in detail.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var jobId = new Argument<string?>("JOB") { Description = "A job id; without it, the recent jobs.", Arity = ArgumentArity.ZeroOrOne };
        var gateway = CommandOptions.GatewayPort();
        var command = new Command("status", "Show job progress on a running Kardiaflow cluster.") { jobId, gateway };
        command.SetAction((result, cancellationToken) => StatusAsync(result.GetValue(jobId), result.GetValue(gateway), cancellationToken));
        return command;
    }

    private static async Task<int> StatusAsync(string? jobId, int gatewayPort, CancellationToken cancellationToken)
    {
        var console = ConsoleOutput.Create();
        using var host = await ClusterConnection.ConnectAsync(ClientProfile.FromEnvironment(), gatewayPort, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        var client = host.Services.GetRequiredService<IClusterClient>();
        if (jobId is not null)
        {
            var snapshot = await client.GetGrain<IIngestionJobGrain>(jobId).GetStatusAsync();
            if (snapshot.SubmittedAt is null)
            {
                await Console.Error.WriteLineAsync($"No job '{jobId}'.");
                return 1;
            }

            console.WriteLine($"Job {jobId}: {snapshot.Phase}");
            JobReport.Write(console, snapshot);
            return 0;
        }

        var table = new Table().AddColumns("job", "phase", "submitted (UTC)", "files", "rows read", "failed files").RightAlign(3, 4, 5);
        foreach (var id in (await client.GetGrain<IJobRegistryGrain>(0).GetRecentAsync(20)).Reverse())
        {
            var snapshot = await client.GetGrain<IIngestionJobGrain>(id).GetStatusAsync();
            table.AddRow(
                Markup.Escape(id),
                snapshot.Phase.ToString(),
                snapshot.SubmittedAt?.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                ConsoleTables.Count(snapshot.Files.Count),
                ConsoleTables.Count(snapshot.Datasets.Sum(d => d.RowsRead)),
                ConsoleTables.Count(snapshot.Files.Count(f => f.Status == FileStatus.Failed)));
        }

        console.Write(table);
        var feedsFailing = await WriteSilverFeedsAsync(client, console);
        await WriteGoldFreshnessAsync(client, console);
        return feedsFailing ? 1 : 0;
    }

    /// <summary>
    /// Each Silver feed: the Bronze version consumed, its failed attempts and the type of its last error. True (exit 1)
    /// when a feed's latest attempt failed, with one line per such feed.
    /// </summary>
    private static async Task<bool> WriteSilverFeedsAsync(IClusterClient client, IAnsiConsole console)
    {
        var statuses = await Task.WhenAll(DatasetCatalog.BronzeTablePaths.Select(t => client.GetGrain<ISilverFeedGrain>(t).GetStatusAsync()));
        var table = new Table().AddColumns("silver feed", "bronze consumed", "failed attempts", "last error").RightAlign(1, 2);
        foreach (var status in statuses)
        {
            table.AddRow(
                Markup.Escape(status.BronzeTable),
                status.ConsumedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ConsoleTables.Count(status.FailedAttempts),
                Markup.Escape(SilverFeedHealth.ErrorType(status) ?? ""));
        }

        console.Write(table);
        var failing = statuses.Where(s => s.LastError is not null).ToList();
        foreach (var status in failing)
        {
            console.MarkupLine($"[red]{Markup.Escape(SilverFeedHealth.Describe(status))}[/]");
        }

        return failing.Count > 0;
    }

    /// <summary>Gold's epoch and each Gold table's freshness: the time since the newest streamed event it reflects was enqueued.</summary>
    private static async Task WriteGoldFreshnessAsync(IClusterClient client, IAnsiConsole console)
    {
        var gold = await client.GetGrain<IGoldGrain>(IGoldGrain.Key).GetStatusAsync();
        var freshness = gold.FreshnessAt(DateTime.UtcNow);
        var text = freshness is { } f
            ? f.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s"
            : "no streamed input yet";
        var table = new Table().AddColumns("gold table", "epoch", "freshness");
        foreach (var name in GoldTables.All.Select(t => t.Name))
        {
            table.AddRow(name, gold.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }

        console.Write(table);
    }
}
