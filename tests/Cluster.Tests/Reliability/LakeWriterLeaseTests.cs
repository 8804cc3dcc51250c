using Azure.Storage.Blobs;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Lease;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// The lake's writer lease (docs/reliability.md, "One writer per lake and feed health") on the engine's real storage: a
/// local folder, and a Blob container on a private Azurite. Holders are real <see cref="LeaseHolder"/>s; one "on another
/// machine" stands for a holder whose process cannot be checked, so only its lease's expiry frees the lake.
/// </summary>
public sealed class LakeWriterLeaseTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Silos_of_one_cluster_share_the_lake_and_another_cluster_is_refused_naming_the_holder() =>
        await SharedAndRefusedAsync(new LocalLakeStorage(TestData.NewFolder("lake")));

    [Fact]
    public async Task Silos_of_one_cluster_share_the_lake_and_another_cluster_is_refused_on_Azure_blob()
    {
        await using var azurite = await AzuriteProcess.StartAsync(withTables: false);
        await SharedAndRefusedAsync(await ContainerAsync(azurite));
    }

    [Fact]
    public async Task A_holder_that_stopped_renewing_blocks_the_lake_until_its_lease_expired_then_is_taken_over() =>
        await ExpiryAsync(new LocalLakeStorage(TestData.NewFolder("lake")));

    [Fact]
    public async Task A_holder_that_stopped_renewing_is_taken_over_after_expiry_on_Azure_blob()
    {
        await using var azurite = await AzuriteProcess.StartAsync(withTables: false);
        await ExpiryAsync(await ContainerAsync(azurite));
    }

    [Fact]
    public async Task Of_many_groups_racing_for_a_free_lake_exactly_one_holds_it_locally_and_on_Azure_blob()
    {
        await RaceAsync(new LocalLakeStorage(TestData.NewFolder("lake")));
        await using var azurite = await AzuriteProcess.StartAsync(withTables: false);
        await RaceAsync(await ContainerAsync(azurite));
    }

    [Fact]
    public async Task A_holder_on_this_machine_whose_process_ended_is_gone_at_once_in_the_Local_profile()
    {
        var lake = new LocalLakeStorage(TestData.NewFolder("lake"));
        // A process that has ended (killed): its id and start time are what a killed silo leaves in the lease.
        using var ended = System.Diagnostics.Process.Start("sleep", "30");
        var start = ended.StartTime.ToUniversalTime();
        ended.Kill();
        await ended.WaitForExitAsync();
        var dead = new LeaseHolder("cluster:kardiaflow/killed", LeaseHolder.ClusterKind, "cluster 'killed' (service 'kardiaflow')", "m1", Environment.MachineName, ended.Id, start);
        await LakeWriterLease.AcquireAsync(lake, dead, Long, sameHostLiveness: false, CancellationToken.None);

        // The Azure profile does not trust process ids (silos on other machines): the lease holds until it expires.
        await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), Long, sameHostLiveness: false, CancellationToken.None));
        var rebuild = await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), Long, sameHostLiveness: true, CancellationToken.None);
        Assert.Equal("rebuild", (await LakeWriterLease.ReadHolderAsync(lake, true, CancellationToken.None))!.Kind);
        await rebuild.ReleaseAsync(CancellationToken.None);
        Assert.Null(await LakeWriterLease.ReadHolderAsync(lake, true, CancellationToken.None));
    }

    private static async Task SharedAndRefusedAsync(ILakeStorage lake)
    {
        var first = await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("kardiaflow", "blue"), Long, false, CancellationToken.None);
        var second = await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("kardiaflow", "blue"), Long, false, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("kardiaflow", "green"), Long, false, CancellationToken.None));
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Contains(first.LakeName, refused.Message, StringComparison.Ordinal);
        Assert.Contains("cluster 'blue' (service 'kardiaflow') since ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), Long, false, CancellationToken.None));
        // Another ServiceId is another cluster too.
        await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("other", "blue"), Long, false, CancellationToken.None));

        // One silo of the cluster leaves: the other still holds the lake. The last one leaves: the lake is free.
        await first.ReleaseAsync(CancellationToken.None);
        await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("kardiaflow", "green"), Long, false, CancellationToken.None));
        await second.RenewAsync(CancellationToken.None);
        await second.ReleaseAsync(CancellationToken.None);
        var green = await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCluster("kardiaflow", "green"), Long, false, CancellationToken.None);

        // A silo of the old cluster that comes back now is refused, and so is a renewal of a member that lost the lake.
        await Assert.ThrowsAsync<LakeLeaseHeldException>(() => second.RenewAsync(CancellationToken.None));
        await green.ReleaseAsync(CancellationToken.None);

        // Old versions are cleaned up as the lease moves on: the previous one is kept for readers that listed it.
        var versions = new List<string>();
        await foreach (var entry in lake.ListAsync(LakeWriterLease.Folder, CancellationToken.None))
        {
            versions.Add(entry.Path);
        }

        Assert.InRange(versions.Count, 1, 2);
    }

    private static async Task ExpiryAsync(ILakeStorage lake)
    {
        var duration = TimeSpan.FromSeconds(2);
        var elsewhere = new LeaseHolder("cluster:kardiaflow/killed", LeaseHolder.ClusterKind, "cluster 'killed' (service 'kardiaflow')", "m1", "another-machine", 1, DateTime.UtcNow);
        // Taken before the call: the record's renewal time is set inside it, so the lease expires no earlier than this + 2 s.
        var taken = DateTime.UtcNow;
        await LakeWriterLease.AcquireAsync(lake, elsewhere, duration, sameHostLiveness: true, CancellationToken.None);

        // Killed: it renews no more. Refused while its lease runs, whatever the contender's own duration.
        var refused = await Assert.ThrowsAsync<LakeLeaseHeldException>(() =>
            LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), Long, true, CancellationToken.None));
        Assert.Contains("expires 2 s after its last renewal", refused.Message, StringComparison.Ordinal);

        LakeWriterLease? rebuild = null;
        while (rebuild is null)
        {
            try
            {
                rebuild = await LakeWriterLease.AcquireAsync(lake, LeaseHolder.ForCommand("rebuild"), Long, true, CancellationToken.None);
            }
            catch (LakeLeaseHeldException)
            {
                Assert.True(DateTime.UtcNow - taken < TimeSpan.FromSeconds(20), "the expired lease was never taken over");
                await Task.Delay(100);
            }
        }

        Assert.True(DateTime.UtcNow - taken >= duration, $"taken over after {DateTime.UtcNow - taken}, before the {duration} lease expired");
        var holder = await LakeWriterLease.ReadHolderAsync(lake, true, CancellationToken.None);
        Assert.Equal("rebuild", holder!.Kind);
        await rebuild.ReleaseAsync(CancellationToken.None);
    }

    private static async Task RaceAsync(ILakeStorage lake)
    {
        var contenders = Enumerable.Range(0, 8).Select(i => LeaseHolder.ForCluster("kardiaflow", $"c{i}")).ToList();
        var outcomes = await Task.WhenAll(contenders.Select(async holder =>
        {
            try
            {
                return await LakeWriterLease.AcquireAsync(lake, holder, Long, false, CancellationToken.None);
            }
            catch (LakeLeaseHeldException)
            {
                return null;
            }
        }));
        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner!.Holder.GroupKey, (await LakeWriterLease.ReadHolderAsync(lake, false, CancellationToken.None))!.Group);
    }

    private static async Task<ILakeStorage> ContainerAsync(AzuriteProcess azurite)
    {
        var container = new BlobContainerClient(azurite.ConnectionString, "lakehouse");
        await container.CreateIfNotExistsAsync();
        return new AzureBlobLakeStorage(container);
    }
}
