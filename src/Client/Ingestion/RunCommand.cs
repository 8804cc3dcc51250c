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
        var serve = Web.ServeOptions.Serve();
        var port = Web.ServeOptions.Port();
        var command = new Command("run", "Start an embedded silo, ingest every file under --input, run Silver, Gold and the checks, and report (exit 1 when a file failed or a check is FAIL/ERROR).") { input, lake, verbose, serve, port };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(input), result.GetRequiredValue(lake), result.GetValue(verbose),
            result.GetValue(serve) ? result.GetValue(port) : null, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo input, DirectoryInfo lake, bool verbose, int? webPort, CancellationToken cancellationToken)
    {
        var request = SubmissionPaths.TryCreate(input.FullName, null, out var error);
        if (request is null || !input.Exists)
        {
            await Console.Error.WriteLineAsync(error ?? $"'{input.FullName}' is not a folder.");
            return KardiaflowCommandLine.BadUsage;
        }

        var console = ConsoleOutput.Create();
        Directory.CreateDirectory(lake.FullName);
        using var host = await Web.ServeOptions.StartAsync(lake.FullName, verbose, webPort, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        try
        {
            Web.ServeOptions.AnnounceStart(console, host, webPort);
            var client = host.Services.GetRequiredService<IClusterClient>();
            var jobId = JobIds.New();
            var job = client.GetGrain<IIngestionJobGrain>(jobId);
            console.WriteLine($"Job {jobId}: ingesting {request.Root} into {lake.FullName}");
            await job.SubmitAsync(request);
            var snapshot = await new JobFollower(console, job, ConsoleOutput.IsInteractive).FollowAsync(cancellationToken);
            var exitCode = await Checks.PipelineFinish.AfterJobAsync(client, new LocalLakeStorage(lake.FullName), console, snapshot, cancellationToken);
            await Web.ServeOptions.ServeUntilCancelledAsync(console, host, webPort, cancellationToken);
            return exitCode;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
