using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary><c>kardiaflow submit PATH [--dataset D] [--wait]</c> against a running cluster.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "A submission folder (one subfolder per dataset), or one file." };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset of PATH's files (patients, encounters, claims, providers, feedback)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job to its end and exit 0 on success, 1 when a file failed." };
        var gateway = CommandOptions.GatewayPort();
        var command = new Command("submit", "Submit files to a running Kardiaflow cluster.") { path, dataset, wait, gateway };
        command.SetAction((result, cancellationToken) => SubmitAsync(
            result.GetRequiredValue(path), result.GetValue(dataset), result.GetValue(wait), result.GetValue(gateway), cancellationToken));
        return command;
    }

    private static async Task<int> SubmitAsync(string path, string? dataset, bool wait, int gatewayPort, CancellationToken cancellationToken)
    {
        var request = SubmissionPaths.TryCreate(path, dataset, out var error);
        if (request is null)
        {
            await Console.Error.WriteLineAsync(error);
            return KardiaflowCommandLine.BadUsage;
        }

        var console = ConsoleOutput.Create();
        using var host = await ClusterConnection.ConnectAsync(gatewayPort, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        var jobId = JobIds.New();
        var job = host.Services.GetRequiredService<IClusterClient>().GetGrain<IIngestionJobGrain>(jobId);
        await job.SubmitAsync(request);
        console.WriteLine($"Submitted job {jobId}.");
        if (!wait)
        {
            return 0;
        }

        var snapshot = await new JobFollower(console, job, ConsoleOutput.IsInteractive).FollowAsync(cancellationToken);
        JobReport.Write(console, snapshot);
        return snapshot.Succeeded ? 0 : 1;
    }
}
