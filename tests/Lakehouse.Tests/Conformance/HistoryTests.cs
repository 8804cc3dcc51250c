using Kardiaflow.Lakehouse.Reading;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>History expectations from delta-rs (lib.rs test_table_history, test_read_vacuumed_log_history, python history tests).</summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task Simple_table_with_checkpoint_history_and_limit()
    {
        var storage = Fixture.Storage("delta-rs/simple_table_with_checkpoint");
        var all = await TableHistory.ReadAsync(storage, string.Empty, null, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 11).Reverse().Select(v => (long)v), all.Select(h => h.Version));
        var five = await TableHistory.ReadAsync(storage, string.Empty, 5, CancellationToken.None);
        Assert.Equal(5, five.Count);
        Assert.Equal(all.Take(5).Select(h => (h.Version, h.Timestamp, h.CommitInfo?.Operation)), five.Select(h => (h.Version, h.Timestamp, h.CommitInfo?.Operation)));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 8)]
    public async Task Checkpoints_vacuumed_history_only_has_remaining_commits(int limit, int expected)
    {
        var history = await TableHistory.ReadAsync(Fixture.Storage("delta-rs/checkpoints_vacuumed"), string.Empty, limit, CancellationToken.None);
        Assert.Equal(expected, history.Count);
        Assert.Equal(12, history[0].Version);
    }

    [Fact]
    public async Task Partitioned_table_history_entry()
    {
        var entry = Assert.Single(await TableHistory.ReadAsync(Fixture.Storage("delta-rs/delta-0.8.0-partitioned"), string.Empty, null, CancellationToken.None));
        Assert.Equal(0, entry.Version);
        Assert.Equal(1615555646188, entry.Timestamp);
        Assert.Equal("WRITE", entry.CommitInfo!.Operation);
        Assert.Equal("6", entry.CommitInfo.OperationMetrics!["numFiles"]);
        Assert.Equal("7", entry.CommitInfo.OperationMetrics["numOutputRows"]);
        Assert.Equal("2477", entry.CommitInfo.OperationMetrics["numOutputBytes"]);
    }

    [Fact]
    public async Task A_range_of_history_is_oldest_first_and_skips_vacuumed_commits()
    {
        var storage = Fixture.Storage("delta-rs/simple_table_with_checkpoint");
        var all = await TableHistory.ReadAsync(storage, string.Empty, null, CancellationToken.None);
        var range = await TableHistory.ReadRangeAsync(storage, string.Empty, 3, 6, CancellationToken.None);
        Assert.Equal([3L, 4, 5, 6], range.Select(h => h.Version));
        Assert.Equal(all.Where(h => h.Version is >= 3 and <= 6).Reverse().Select(h => h.Timestamp), range.Select(h => h.Timestamp));

        var vacuumed = await TableHistory.ReadRangeAsync(Fixture.Storage("delta-rs/checkpoints_vacuumed"), string.Empty, 0, 12, CancellationToken.None);
        Assert.Equal(12, vacuumed[^1].Version);
        Assert.True(vacuumed.Count < 13);
    }
}
