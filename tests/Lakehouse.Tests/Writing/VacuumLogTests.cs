using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>A vacuum is recorded in the log as Delta records it: VACUUM START and VACUUM END commits holding only commitInfo.</summary>
public sealed class VacuumLogTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Vacuum_commits_start_and_end_with_metrics_and_a_dry_run_commits_nothing()
    {
        var config = new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = "interval 2 days" };
        var table = await DeltaTable.CreateAsync(_lake.Storage, "v", TestTables.Simple, [], config, default);
        await table.AppendAsync(TestTables.Rows(0, 10), null, default);
        var orphans = new[] { "part-orphan-1.parquet", "part-orphan-2.parquet" };
        foreach (var name in orphans)
        {
            var path = Path.Combine(_lake.Root, "v", name);
            await File.WriteAllBytesAsync(path, new byte[100]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-30));
        }

        var dry = await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: true, default);
        Assert.Equal(2, dry.FilesDeleted);
        Assert.Equal(1, table.Version);

        var result = await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: false, default);
        Assert.Equal(orphans, result.DeletedPaths.Order(StringComparer.Ordinal));
        Assert.Equal(3, table.Version);

        var start = await CommitAsync(2);
        var end = await CommitAsync(3);
        Assert.Equal([typeof(CommitInfoAction)], start.Select(a => a.GetType()));
        Assert.Equal([typeof(CommitInfoAction)], end.Select(a => a.GetType()));
        var startInfo = (CommitInfoAction)start[0];
        var endInfo = (CommitInfoAction)end[0];
        Assert.Equal(("VACUUM START", "VACUUM END"), (startInfo.Operation, endInfo.Operation));
        Assert.Equal("604800000", startInfo.OperationParameters!["specifiedRetentionMillis"]);
        Assert.Equal("172800000", startInfo.OperationParameters!["defaultRetentionMillis"]);
        Assert.Equal(("2", "200"), (startInfo.OperationMetrics!["numFilesToDelete"], startInfo.OperationMetrics["sizeOfDataToDelete"]));
        Assert.Equal("COMPLETED", endInfo.OperationParameters!["status"]);
        Assert.Equal("2", endInfo.OperationMetrics!["numDeletedFiles"]);
        Assert.Equal("1", endInfo.OperationMetrics["numVacuumedDirectories"]);

        var history = await table.HistoryAsync(3, default);
        Assert.Equal(["VACUUM END", "VACUUM START", "WRITE"], history.Select(h => h.CommitInfo!.Operation));
        TestTables.AssertRowsEqual(TestTables.Rows(0, 10), await TestTables.ReadAsync(_lake.Storage, "v"));

        // Nothing left to delete: still recorded, with zero counts.
        await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: false, default);
        Assert.Equal("0", ((CommitInfoAction)(await CommitAsync(5))[0]).OperationMetrics!["numDeletedFiles"]);
    }

    private async Task<IReadOnlyList<DeltaAction>> CommitAsync(long version) =>
        DeltaLogJson.ParseCommit(await _lake.Storage.ReadAllBytesAsync("v/_delta_log/" + DeltaPath.CommitFileName(version), default), "c");
}
