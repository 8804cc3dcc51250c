using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Grains.Gold;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kardiaflow.Client.Silver;

/// <summary>
/// <c>kardiaflow rebuild --lake DIR</c>: deletes the Silver and Gold tables and the Silver and Gold grains' state (on
/// the embedded Local silo, whose state lives under the lake), then replays every Bronze change feed into fresh Silver
/// tables, recomputes Gold from them, and ends with the checks. Bronze, quarantine, the jobs and the check history stay.
/// </summary>
internal static class RebuildCommand
{
    public static Command Create()
    {
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = "Lake folder.",
            DefaultValueFactory = _ => new DirectoryInfo("./lakehouse"),
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log the silo's information messages to standard error." };
        var command = new Command(
            "rebuild",
            "DELETES every Silver table (<lake>/silver), every Gold table (<lake>/gold) and the Silver and Gold grain state "
            + "(<lake>/_orleans/grain-state), then replays Bronze into fresh Silver and Gold tables and runs the checks "
            + "(exit 1 when one is FAIL/ERROR). Bronze, quarantine, jobs and check history are kept. Runs an embedded silo: "
            + "stop any other silo using the lake first.")
        {
            lake, verbose,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(lake), result.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo lake, bool verbose, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(lake.FullName, "bronze")))
        {
            await Console.Error.WriteLineAsync($"'{lake.FullName}' has no Bronze tables to rebuild from.");
            return KardiaflowCommandLine.BadUsage;
        }

        var console = ConsoleOutput.Create();
        var tables = SilverTables.All.Select(SilverTables.PathOf).Concat(GoldTables.All.Select(t => t.Path));
        foreach (var table in tables)
        {
            DeleteFolder(Path.Combine(lake.FullName, table));
        }

        // The Silver and Gold grains' state (file storage "kardiaflow", one folder per grain type) is a cache of the
        // tables and their txn cursors: it goes with them, or the fresh tables would be skipped as already written.
        var state = Path.Combine(lake.FullName, "_orleans", "grain-state", "kardiaflow");
        if (Directory.Exists(state))
        {
            foreach (var folder in Directory.EnumerateDirectories(state, "silver-*"))
            {
                DeleteFolder(folder);
            }

            foreach (var type in GoldGrainTypes.All)
            {
                DeleteFolder(Path.Combine(state, type));
            }
        }

        console.WriteLine($"Rebuilding Silver and Gold in {lake.FullName} from Bronze");
        using var host = await EmbeddedSilo.StartAsync(lake.FullName, verbose, cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            return await Checks.PipelineFinish.RunAsync(client, lake.FullName, console, cancellationToken) ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
