using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kardiaflow.Client.Silver;

/// <summary>
/// <c>kardiaflow rebuild --lake DIR</c>: drops the Silver tables and the Silver grains' state (on the embedded Local
/// silo, whose state lives under the lake), then replays every Bronze change feed into fresh Silver tables.
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
        var command = new Command("rebuild", "Replay Bronze into fresh Silver tables (embedded silo; no other silo may use the lake).") { lake, verbose };
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
        foreach (var table in SilverTables.All)
        {
            var folder = Path.Combine(lake.FullName, SilverTables.PathOf(table));
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // The Silver grains' state (file storage "kardiaflow", one folder per grain type) is a cache of the tables: drop it too.
        var state = Path.Combine(lake.FullName, "_orleans", "grain-state", "kardiaflow");
        if (Directory.Exists(state))
        {
            foreach (var folder in Directory.EnumerateDirectories(state, "silver-*"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        console.WriteLine($"Rebuilding Silver in {lake.FullName} from Bronze");
        using var host = await EmbeddedSilo.StartAsync(lake.FullName, verbose, cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var statuses = await SilverStage.WaitAsync(client, console, cancellationToken);
            await SilverStage.WriteReportAsync(console, lake.FullName, statuses, cancellationToken);
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
