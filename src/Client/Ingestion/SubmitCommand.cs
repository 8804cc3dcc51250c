using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary><c>kardiaflow submit PATH [--dataset D] [--wait]</c> against a running cluster.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "A submission folder (one subfolder per dataset), or one file." };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset of PATH's files (" + DatasetCatalog.Names + ")." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Follow the job, then Silver, Gold and the checks, as `run` does; exit 1 when a file failed or a check is FAIL/ERROR.",
        };
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
        var profile = ClientProfile.FromEnvironment();
        using var host = await ClusterConnection.ConnectAsync(profile, gatewayPort, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        var client = host.Services.GetRequiredService<IClusterClient>();
        ILakeStorage? lake = null;
        if (wait)
        {
            // The summaries read the lake's tables: in the Azure profile the container this console is configured with,
            // in the Local profile the folder the cluster says it uses, asked before anything is submitted.
            lake = profile.IsAzure
                ? profile.LakeStorage(string.Empty)
                : await client.GetGrain<IValidationGrain>(0).GetLocalLakeFolderAsync() is { } folder ? new LocalLakeStorage(folder) : null;
            if (lake is null)
            {
                await Console.Error.WriteLineAsync("--wait needs the cluster's lake: run the console with the cluster's Kardiaflow__Profile and storage settings.");
                return KardiaflowCommandLine.BadUsage;
            }
        }

        var jobId = JobIds.New();
        if (profile.IsAzure)
        {
            request = await LandingUpload.UploadAsync(profile, request, jobId, console, cancellationToken);
        }

        var job = client.GetGrain<IIngestionJobGrain>(jobId);
        await job.SubmitAsync(request);
        console.WriteLine($"Submitted job {jobId}.");
        if (lake is null)
        {
            return 0;
        }

        var snapshot = await new JobFollower(console, job, ConsoleOutput.IsInteractive).FollowAsync(cancellationToken);
        return await Checks.PipelineFinish.AfterJobAsync(client, lake, console, snapshot, cancellationToken);
    }
}
