using Kardiaflow.Silo.Streaming;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>The Local profile's Event Hubs checkpoints: durable across instances (a silo restart), replaced whole.</summary>
public sealed class LocalFileCheckpointerTests
{
    [Fact]
    public async Task A_flushed_checkpoint_is_what_the_next_instance_loads_and_a_stray_temporary_file_changes_nothing()
    {
        var path = Path.Combine(TestData.NewFolder("checkpoints"), "p", "0.checkpoint");
        var first = new LocalFileCheckpointer(path, TimeSpan.FromHours(1), TimeProvider.System);
        Assert.Equal("", await first.Load(CancellationToken.None));
        Assert.False(first.CheckpointExists);

        first.Update("1200", DateTime.UtcNow, CancellationToken.None); // written at once: the first write is always due
        first.Update("2400", DateTime.UtcNow, CancellationToken.None); // held back by the persist interval...
        await first.FlushAsync(CancellationToken.None);                  // ...until a flush (shutdown, rebalance)

        // A crash mid-write leaves at most a temporary file beside the checkpoint, never a torn checkpoint.
        await File.WriteAllTextAsync(path + ".abc.tmp", "99");
        var second = new LocalFileCheckpointer(path, TimeSpan.FromHours(1), TimeProvider.System);
        Assert.Equal("2400", await second.Load(CancellationToken.None));
        Assert.True(second.CheckpointExists);
    }
}
