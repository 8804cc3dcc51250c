using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>Remove tombstones survive from checkpoint to checkpoint while within delta.deletedFileRetentionDuration.</summary>
public sealed class CheckpointTombstoneTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Checkpoints_carry_every_unexpired_tombstone_and_snapshots_keep_them()
    {
        var config = new Dictionary<string, string>
        {
            ["delta.checkpointInterval"] = "2",
            ["delta.deletedFileRetentionDuration"] = "interval 1 days",
        };
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], config, default);
        await table.AppendAsync(TestTables.Rows(0, 3), null, default);                   // v1: a
        await table.AppendAsync(TestTables.Rows(10, 3), null, default);                  // v2: b, checkpoint
        var a = table.Snapshot.Files.Values.Single(f => f.Stats!.Contains("\"minValues\":{\"id\":0,", StringComparison.Ordinal));
        var b = table.Snapshot.Files.Values.Single(f => f.Stats!.Contains("\"minValues\":{\"id\":10,", StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        await table.CommitAsync([Remove(a, now)], "DELETE", null, null, default);      // v3: recent tombstone
        await table.AppendAsync(TestTables.Rows(20, 3), null, default);                  // v4: checkpoint with a's tombstone
        await table.CommitAsync([Remove(b, now.AddDays(-2))], "DELETE", null, null, default); // v5: tombstone older than the retention
        await table.AppendAsync(TestTables.Rows(30, 3), null, default);                  // v6: checkpoint built from v4's

        Assert.Equal([a.Path], await CheckpointRemovesAsync(4));
        Assert.Equal([a.Path], await CheckpointRemovesAsync(6));

        var atFive = await Snapshot.LoadAsync(_lake.Storage, "t", 5, default);
        Assert.Equal(4, atFive.CheckpointVersion);
        Assert.Equal(new[] { a.Path, b.Path }.Order(StringComparer.Ordinal), atFive.Tombstones.Values.Select(r => r.Path).Order(StringComparer.Ordinal));
        var latest = await Snapshot.LoadAsync(_lake.Storage, "t", null, default);
        Assert.Equal(6, latest.CheckpointVersion);
        var tombstone = Assert.Single(latest.Tombstones.Values);
        Assert.Equal((a.Path, now.ToUnixTimeMilliseconds()), (tombstone.Path, tombstone.DeletionTimestamp));
        Assert.Equal(a.Size, tombstone.Size);
        Assert.DoesNotContain(latest.Tombstones.Keys, k => latest.Files.ContainsKey(k));

        // Replaying commits past a checkpoint keeps its tombstones too.
        await table.CommitAsync([Remove(latest.Files.Values.First(), now)], "DELETE", null, null, default);
        Assert.Equal(2, (await latest.UpdateAsync(default)).Tombstones.Count);
    }

    [Theory]
    [InlineData("interval 7 days", 7 * 24)]
    [InlineData("interval 1 week", 7 * 24)]
    [InlineData("168 hours", 168)]
    [InlineData("INTERVAL 1 day 12 hours", 36)]
    public void Retention_durations_read_as_spark_intervals(string text, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), Transactions.RetentionDuration.Parse(text, "k"));

    [Fact]
    public void A_malformed_retention_duration_is_a_typed_error_naming_the_property()
    {
        var e = Assert.Throws<DeltaLakeException>(() => Transactions.RetentionDuration.Parse("seven days", "delta.deletedFileRetentionDuration"));
        Assert.Contains("delta.deletedFileRetentionDuration", e.Message, StringComparison.Ordinal);
    }

    private static RemoveFileAction Remove(AddFileAction add, DateTimeOffset at) =>
        new(add.Path, at.ToUnixTimeMilliseconds(), DataChange: true, ExtendedFileMetadata: true, add.PartitionValues, add.Size);

    private async Task<List<string>> CheckpointRemovesAsync(long version)
    {
        var projection = new StructType([new StructField("remove", new StructType([new StructField("path", PrimitiveType.String)]))]);
        var stream = await _lake.Storage.OpenReadAsync($"t/_delta_log/{version:D20}.checkpoint.parquet", default);
        await using var reader = await ParquetFileReader.CreateAsync(stream, default);
        var paths = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            paths.AddRange((await reader.ReadRowGroupAsync(g, projection, default)).Select(r => r[0]).OfType<object?[]>().Select(r => (string)r[0]!));
        }

        return paths;
    }
}
