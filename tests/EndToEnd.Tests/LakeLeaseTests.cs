using System.Globalization;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Lease;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// One writer per lake with real processes (docs/reliability.md, "One writer per lake and feed health"): a silo of
/// another cluster, <c>kardiaflow run</c> and <c>kardiaflow rebuild</c> are refused in one line (exit 1) while a cluster
/// holds the lake, silos of that cluster join it, and a killed holder is taken over: at once in the Local profile
/// (its processes have ended on this machine), after its lease expired in the Azure profile (Azurite).
/// </summary>
public sealed class LakeLeaseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Local_a_second_cluster_run_and_rebuild_are_refused_while_a_cluster_holds_the_lake_and_a_killed_cluster_is_taken_over()
    {
        var lake = TestData.NewFolder("lake");
        var clusterId = "a" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string>
        {
            ["Kardiaflow__Lake__Root"] = lake,
            ["Kardiaflow__Cluster__ClusterId"] = clusterId,
            ["Kardiaflow__EventHubs__LocalPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture), // hosted by the primary, read by both
        };
        using var primary = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("silo-workdir"), Timeout, lake);

        // A second silo of the same cluster shares the lake.
        settings["Kardiaflow__Cluster__PrimarySiloPort"] = primary.SiloPort.ToString(CultureInfo.InvariantCulture);
        using var secondary = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("silo-workdir"), Timeout, lake);

        // A silo of another cluster on the same lake: one line, exit 1.
        var (exit, output, error) = await RunSiloAsync(new Dictionary<string, string>
        {
            ["Kardiaflow__Lake__Root"] = lake,
            ["Kardiaflow__Cluster__ClusterId"] = "b" + Guid.NewGuid().ToString("N")[..12],
        });
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"kardiaflow silo: The lake {lake} is held by cluster '{clusterId}' (service 'kardiaflow') since ", line, StringComparison.Ordinal);
        Assert.Contains("expires 30 s after its last renewal", line, StringComparison.Ordinal);

        // rebuild is refused before it deletes anything.
        var silverMarker = Path.Combine(lake, "silver", "silver_claims", "kept");
        Directory.CreateDirectory(Path.GetDirectoryName(silverMarker)!);
        await File.WriteAllTextAsync(silverMarker, "");
        Directory.CreateDirectory(Path.Combine(lake, "bronze"));
        var rebuild = await KardiaflowProcess.RunAsync(Timeout, "rebuild", "--lake", lake);
        Assert.True(rebuild.ExitCode == 1, $"exit {rebuild.ExitCode}\n{rebuild.Output}\n{rebuild.Error}");
        Assert.StartsWith($"kardiaflow rebuild: The lake {lake} is held by cluster '{clusterId}'", rebuild.Error.Trim(), StringComparison.Ordinal);
        Assert.True(File.Exists(silverMarker), "rebuild deleted Silver although it was refused");

        var run = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", TestData.SamplesFolder, "--lake", lake);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains($"kardiaflow run: The lake {lake} is held by cluster '{clusterId}'", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(lake, "bronze", "bronze_patients")), "the refused run wrote Bronze");

        // The cluster is killed (no clean leave): its processes are gone from this machine, so the lake is free at once.
        primary.KillHard();
        secondary.KillHard();
        var after = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", TestData.SamplesFolder, "--lake", lake);
        Assert.True(after.ExitCode == 0, $"exit {after.ExitCode}\n{after.Output}\n{after.Error}");
        Assert.Null(await LakeWriterLease.ReadHolderAsync(new LocalLakeStorage(lake), sameHostLiveness: true, CancellationToken.None));
    }

    [Fact]
    public async Task Local_a_silo_is_refused_while_rebuild_holds_the_lake()
    {
        var lake = TestData.NewFolder("lake");
        // What `kardiaflow rebuild` does before it deletes anything: take the lease as a rebuild of this process.
        var rebuild = await LakeWriterLease.AcquireAsync(
            new LocalLakeStorage(lake), LeaseHolder.ForCommand("rebuild"), TimeSpan.FromSeconds(30), sameHostLiveness: true, CancellationToken.None);

        var (exit, output, error) = await RunSiloAsync(new Dictionary<string, string> { ["Kardiaflow__Lake__Root"] = lake });
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        Assert.StartsWith(
            $"kardiaflow silo: The lake {lake} is held by `kardiaflow rebuild` (process {Environment.ProcessId} on {Environment.MachineName}) since ",
            error.Trim(), StringComparison.Ordinal);

        // Once the rebuild is over, the silo starts.
        await rebuild.ReleaseAsync(CancellationToken.None);
        using var silo = await StandaloneSilo.StartAsync(lake, Timeout);
    }

    [Fact]
    public async Task Azure_a_second_cluster_is_refused_and_takes_over_only_after_the_killed_clusters_lease_expired()
    {
        await using var cluster = await AzureCluster.StartAsync(1, new Dictionary<string, string> { ["Kardiaflow__Lake__WriterLease"] = "00:00:06" });
        var other = new Dictionary<string, string>(cluster.Environment) { ["Kardiaflow__Cluster__ClusterId"] = "b" + Guid.NewGuid().ToString("N")[..12] };

        var (exit, output, error) = await RunSiloAsync(other);
        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"kardiaflow silo: The lake http://127.0.0.1:{cluster.Azurite.BlobPort}/devstoreaccount1/lakehouse is held by cluster '{cluster.ClusterId}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, output + error, StringComparison.Ordinal);

        // Killed: no clean leave. The Azure profile trusts no process id, so the lease holds until it expired.
        cluster.Silos[0].KillHard();
        var killed = DateTime.UtcNow;
        var holder = await LakeWriterLease.ReadHolderAsync(cluster.Lake, sameHostLiveness: false, CancellationToken.None);
        Assert.Equal($"cluster:kardiaflow/{cluster.ClusterId}", holder?.Group);
        while (await LakeWriterLease.ReadHolderAsync(cluster.Lake, sameHostLiveness: false, CancellationToken.None) is not null)
        {
            Assert.True(DateTime.UtcNow - killed < TimeSpan.FromSeconds(30), "the killed cluster's lease never expired");
            await Task.Delay(200);
        }

        // Free no earlier than 6 s after the killed silo's last renewal (it renewed every 2 s while it ran).
        var expired = holder!.Members.Max(m => m.Renewed) + TimeSpan.FromSeconds(6);
        Assert.True(DateTime.UtcNow >= expired - TimeSpan.FromMilliseconds(50), $"free at {DateTime.UtcNow:O}, before the lease expired at {expired:O}");
        using var taker = await StandaloneSilo.StartAsync(other, TestData.NewFolder("silo-workdir"), Timeout);
        Assert.Equal(other["Kardiaflow__Cluster__ClusterId"], ClusterOf(await LakeWriterLease.ReadHolderAsync(cluster.Lake, false, CancellationToken.None)));
    }

    private static string? ClusterOf(LeaseRecord? record) => record?.Group.Split('/')[^1];

    /// <summary>A silo process on free ports that is expected to exit by itself; its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunSiloAsync(IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Kardiaflow__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__Web__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__EventHubs__LocalPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        using var process = KardiaflowProcess.StartDllIn(TestData.NewFolder("silo-workdir"), Path.Combine(AppContext.BaseDirectory, "Kardiaflow.Silo.dll"), environment);
        var exit = await process.WaitForExitAsync(Timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }
}
