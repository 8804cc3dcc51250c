using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary><c>kardiaflow run --input DIR --lake DIR</c>: the main job on an embedded Local silo.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--input") { Description = "Submission folder: one subfolder per dataset.", Required = true };
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = "Lake folder (created when missing).",
            DefaultValueFactory = _ => new DirectoryInfo("./lakehouse"),
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log the silo's information messages to standard error." };
        var command = new Command("run", "Start an embedded silo, ingest every file under --input, run Silver, Gold and the checks, and report (exit 1 when a file failed or a check is FAIL/ERROR).") { input, lake, verbose };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(input), result.GetRequiredValue(lake), result.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo input, DirectoryInfo lake, bool verbose, CancellationToken cancellationToken)
    {
        var request = SubmissionPaths.TryCreate(input.FullName, null, out var error);
        if (request is null || !input.Exists)
        {
            await Console.Error.WriteLineAsync(error ?? $"'{input.FullName}' is not a folder.");
            return KardiaflowCommandLine.BadUsage;
        }

        var console = ConsoleOutput.Create();
        Directory.CreateDirectory(lake.FullName);
        using var host = await EmbeddedSilo.StartAsync(lake.FullName, verbose, cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var jobId = JobIds.New();
            var job = client.GetGrain<IIngestionJobGrain>(jobId);
            console.WriteLine($"Job {jobId}: ingesting {request.Root} into {lake.FullName}");
            await job.SubmitAsync(request);
            var snapshot = await new JobFollower(console, job, ConsoleOutput.IsInteractive).FollowAsync(cancellationToken);
            return await Checks.PipelineFinish.AfterJobAsync(client, new LocalLakeStorage(lake.FullName), console, snapshot, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
