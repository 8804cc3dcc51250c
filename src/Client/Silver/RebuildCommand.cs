using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Client.Ingestion;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kardiaflow.Grains.Gold;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Silo.Lease;
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
            + "(exit 1 when one is FAIL/ERROR). Bronze, quarantine, jobs and check history are kept. Runs an embedded silo and "
            + "holds the lake's writer lease throughout: refused (exit 1) while a cluster holds the lake.")
        {
            lake, verbose,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(lake), result.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo lake, bool verbose, CancellationToken cancellationToken)
    {
        var profile = ClientProfile.FromEnvironment();
        if (profile.IsAzure)
        {
            return await RunAzureAsync(profile, verbose, cancellationToken);
        }

        if (!Directory.Exists(Path.Combine(lake.FullName, "bronze")))
        {
            await Console.Error.WriteLineAsync($"'{lake.FullName}' has no Bronze tables to rebuild from.");
            return KardiaflowCommandLine.BadUsage;
        }

        var console = ConsoleOutput.Create();
        var lease = await TakeLeaseAsync(new LocalLakeStorage(lake.FullName), profile, cancellationToken);
        if (lease is null)
        {
            return 1;
        }

        foreach (var table in RebuiltTables)
        {
            DeleteFolder(Path.Combine(lake.FullName, table));
            await lease.RenewAsync(cancellationToken);
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
        using var host = await StartAsync(lease, () => EmbeddedSilo.StartAsync(lake.FullName, verbose, cancellationToken, lease: lease));
        return await FinishAsync(host, new LocalLakeStorage(lake.FullName), console, cancellationToken);
    }

    private static async Task<int> RunAzureAsync(ClientProfile profile, bool verbose, CancellationToken cancellationToken)
    {
        var console = ConsoleOutput.Create();
        var container = profile.Azure.Blobs.GetBlobContainerClient(profile.Lake.Container);
        if (!await HasBlobsAsync(container, "bronze/", cancellationToken))
        {
            await Console.Error.WriteLineAsync($"The container '{container.Name}' has no Bronze tables to rebuild from.");
            return KardiaflowCommandLine.BadUsage;
        }

        var lease = await TakeLeaseAsync(profile.LakeStorage(string.Empty), profile, cancellationToken);
        if (lease is null)
        {
            return 1;
        }

        foreach (var table in RebuiltTables)
        {
            await DeleteBlobsAsync(container, name => name.StartsWith(table + "/", StringComparison.Ordinal), cancellationToken);
            await lease.RenewAsync(cancellationToken);
        }

        // Orleans' blob grain storage names a state "<state name>-<grain type>/<key>.json": the Silver and Gold grains'
        // states go, as the local folders do above.
        var state = profile.Azure.Blobs.GetBlobContainerClient(Silo.Configuration.AzureStorageOptions.GrainStateContainer);
        var goldTypes = GoldGrainTypes.All.Select(type => $"-{type}/").ToList();
        await DeleteBlobsAsync(
            state,
            name => name.Contains("-silver-", StringComparison.Ordinal) || goldTypes.Any(type => name.Contains(type, StringComparison.Ordinal)),
            cancellationToken);

        console.WriteLine($"Rebuilding Silver and Gold in container {container.Name} from Bronze");
        using var host = await StartAsync(lease, () => EmbeddedSilo.StartAzureAsync(profile, verbose, cancellationToken, lease));
        return await FinishAsync(host, profile.LakeStorage(string.Empty), console, cancellationToken);
    }

    /// <summary>
    /// The lake's writer lease for the whole rebuild, taken before anything is deleted; null after printing one line when
    /// a cluster (or another rebuild) holds the lake. The embedded silo adopts it, renews it and leaves it when it stops.
    /// </summary>
    private static async Task<LakeWriterLease?> TakeLeaseAsync(ILakeStorage lake, ClientProfile profile, CancellationToken cancellationToken)
    {
        try
        {
            return await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), profile.Lake.WriterLease, sameHostLiveness: !profile.IsAzure, cancellationToken);
        }
        catch (LakeLeaseHeldException e)
        {
            await Console.Error.WriteLineAsync($"kardiaflow rebuild: {e.Message}");
            return null;
        }
    }

    private static async Task<IHost> StartAsync(LakeWriterLease lease, Func<Task<IHost>> start)
    {
        try
        {
            return await start();
        }
        catch
        {
            await lease.ReleaseAsync(CancellationToken.None);
            throw;
        }
    }

    private static IEnumerable<string> RebuiltTables => SilverTables.All.Select(SilverTables.PathOf).Concat(GoldTables.All.Select(t => t.Path));

    private static async Task<int> FinishAsync(IHost host, ILakeStorage lake, IAnsiConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            return await Checks.PipelineFinish.RunAsync(client, lake, console, cancellationToken) ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> HasBlobsAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            return true;
        }

        return false;
    }

    private static async Task DeleteBlobsAsync(BlobContainerClient container, Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (predicate(blob.Name))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
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
