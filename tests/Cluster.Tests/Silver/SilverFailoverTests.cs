using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Pipeline.Silver;
using Orleans.Runtime;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>Exactly-once under faults: the silo hosting the patients' Silver feed is killed while Silver runs.</summary>
public sealed class SilverFailoverTests
{
    [Fact]
    public async Task Killing_the_silo_of_a_silver_feed_mid_processing_changes_nothing_in_the_final_tables()
    {
        // Reference: the same submission on an undisturbed cluster.
        string reference;
        await using (var quiet = await KardiaflowTestCluster.StartAsync(1))
        {
            await SilverRun.SubmitAndWaitAsync(quiet, "reference", TestData.CopySamples());
            reference = await SnapshotAsync(quiet.Lake);
        }

        // silver_patients' buckets hold their prepares at a gate until the feed's silo is dead, so the kill lands
        // mid-batch however fast Silver is.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await KardiaflowTestCluster.StartAsync(3, configureSilo: silo => silo.AddIncomingGrainCallFilter(async call =>
        {
            if (call.InterfaceMethod.DeclaringType == typeof(ISilverBucketGrain) && call.InterfaceMethod.Name == nameof(ISilverBucketGrain.PrepareAsync)
                && call.TargetId.Key.ToString()!.StartsWith(SilverTables.Patients + "/", StringComparison.Ordinal))
            {
                held.TrySetResult();
                await gate.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }

            await call.Invoke();
        }));
        var job = cluster.Client.GetGrain<IIngestionJobGrain>("silver-kill");
        await job.SubmitAsync(new SubmissionRequest(TestData.CopySamples(), null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));
        Assert.True(done.Succeeded);

        // The announcements started the feeds during ingestion; the patients feed is waiting on its buckets.
        await held.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var feed = cluster.Client.GetGrain<ISilverFeedGrain>("bronze/bronze_patients");
        var target = (await SilverRun.BronzeVersionsAsync(cluster.Lake))["bronze/bronze_patients"];
        var status = await feed.GetStatusAsync();
        Assert.True(status.ConsumedVersion < target, $"the patients feed had already consumed version {status.ConsumedVersion} of {target}");
        await KillSiloHostingAsync(cluster, feed.GetGrainId());
        gate.TrySetResult();

        await SilverRun.WaitForSilverAsync(cluster);
        Assert.Equal(reference, await SnapshotAsync(cluster.Lake));
        await SilverOracle.AssertEnrichedEqualsJoinAsync(cluster.Lake);
    }

    private static async Task KillSiloHostingAsync(KardiaflowTestCluster cluster, GrainId grain)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var address = statistics.FirstOrDefault(s => s.GrainId == grain)?.SiloAddress;
        Assert.NotNull(address);
        var silo = Assert.Single(cluster.Cluster.Silos, s => s.SiloAddress == address);
        await cluster.Cluster.KillSiloAsync(silo);
    }

    /// <summary>Every Silver table without the audit columns that differ between runs (ingest time, batch id).</summary>
    private static async Task<string> SnapshotAsync(string lake)
    {
        var parts = new List<string>();
        foreach (var table in SilverTables.All)
        {
            var contents = await SilverOracle.ReadAsync(lake, table);
            var keep = contents.Columns.Select((c, i) => (c, i))
                .Where(p => p.c is not ("_ingest_ts" or "_batch_id" or "eff_start_ts" or "eff_end_ts")).Select(p => p.i).ToList();
            var rows = contents.Rows.Select(r => SilverOracle.Canonical(keep.Select(i => r[i]).ToArray())).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(rows);
            parts.Add(table + ":\n" + string.Join("\n", rows));
        }

        return string.Join("\n", parts);
    }
}
