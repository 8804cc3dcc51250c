using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Tests.Writing;

public sealed class CommitTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task A_txn_committed_twice_gives_one_commit_even_from_a_stale_instance()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var stale = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var first = await table.AppendAsync(TestTables.Rows(0, 5), new TxnAction("ingest", 3), default);
        var retry = await stale.AppendAsync(TestTables.Rows(0, 5), new TxnAction("ingest", 3), default);
        var older = await table.CommitAsync(await table.WriteDataFilesAsync(TestTables.Rows(0, 5), default), "WRITE", null, new TxnAction("ingest", 2), default);

        Assert.Equal((1L, false), (first.Version, first.AlreadyCommitted));
        Assert.Equal((1L, true), (retry.Version, retry.AlreadyCommitted));
        Assert.True(older.AlreadyCommitted);
        Assert.Equal(1, (await Snapshot.LoadAsync(_lake.Storage, "t", null, default)).Version);
        Assert.Equal(5, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);
        Assert.Equal(3, table.Snapshot.AppTransactions["ingest"]);
    }

    [Fact]
    public async Task Losing_to_a_commit_that_removed_files_it_read_is_a_typed_conflict_but_blind_appends_retry()
    {
        var a = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await a.AppendAsync(TestTables.Rows(0, 10), null, default);
        var b = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var c = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        await a.DeleteAsync(r => (long)r[0]! == 1, "id = 1", default);
        var conflict = await Assert.ThrowsAsync<DeltaConflictException>(() => b.DeleteAsync(r => (long)r[0]! == 2, "id = 2", default));
        Assert.Equal(DeltaConflictKind.FilesReadWereChanged, conflict.Kind);
        Assert.Equal(2, conflict.WinningVersion);
        Assert.Equal(1, conflict.ReadVersion);
        Assert.Contains("version 2 (DELETE) removed or rewrote", conflict.Message, StringComparison.Ordinal);

        var appended = await c.AppendAsync(TestTables.Rows(100, 3), null, default);
        Assert.Equal(3, appended.Version);
        Assert.Equal(12, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);

        var created = await Assert.ThrowsAsync<DeltaConflictException>(() =>
            DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default));
        Assert.Equal(DeltaConflictKind.TableAlreadyExists, created.Kind);
    }

    [Fact]
    public async Task Open_or_create_racing_in_parallel_creates_the_table_once()
    {
        var tables = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            DeltaTable.OpenOrCreateAsync(_lake.Storage, "race", TestTables.Simple, ["region"], new Dictionary<string, string>(), default))));
        Assert.All(tables, t => Assert.Equal(0, t.Version));
        Assert.Single(Directory.GetFiles(Path.Combine(_lake.Root, "race", "_delta_log"), "*.json"));
        await Assert.ThrowsAsync<DeltaLakeException>(() =>
            DeltaTable.OpenOrCreateAsync(_lake.Storage, "race", TestTables.Simple, [], new Dictionary<string, string>(), default));
    }

    [Fact]
    public async Task Checkpoints_every_interval_carry_the_whole_state()
    {
        var config = new Dictionary<string, string> { ["delta.checkpointInterval"] = "5" };
        var table = await DeltaTable.CreateAsync(_lake.Storage, "cp", TestTables.Simple, ["region"], config, default);
        for (var i = 0; i < 12; i++)
        {
            await table.AppendAsync(TestTables.Rows(i * 10, 10, i % 2 == 0 ? "EU" : "US"), new TxnAction("w", i), default);
        }

        await table.DeleteAsync(r => (long)r[0]! < 15, "id < 15", default);
        var log = Path.Combine(_lake.Root, "cp", "_delta_log");
        Assert.True(File.Exists(Path.Combine(log, "00000000000000000005.checkpoint.parquet")));
        Assert.True(File.Exists(Path.Combine(log, "00000000000000000010.checkpoint.parquet")));
        Assert.Contains("\"version\":10", File.ReadAllText(Path.Combine(log, "_last_checkpoint")), StringComparison.Ordinal);
        var expected = await TestTables.ReadAsync(_lake.Storage, "cp");

        // Without the commits the checkpoint replaces, the table must load from the checkpoint alone.
        for (var v = 0; v <= 10; v++)
        {
            File.Delete(Path.Combine(log, DeltaPath.CommitFileName(v)));
        }

        var reopened = await DeltaTable.OpenAsync(_lake.Storage, "cp", default);
        Assert.Equal(13, reopened.Version);
        Assert.Equal(10, reopened.Snapshot.CheckpointVersion);
        Assert.Equal(11, reopened.Snapshot.AppTransactions["w"]);
        TestTables.AssertRowsEqual(expected, await TestTables.ReadAsync(_lake.Storage, "cp"));
        Assert.Equal(120 - 15, expected.Count);
    }

    [Fact]
    public async Task Vacuum_deletes_only_old_unreferenced_files_and_every_version_within_retention_stays_readable()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "v", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await table.AppendAsync(TestTables.Rows(0, 10), null, default);
        var v1Files = table.Snapshot.Files.Values.Select(f => Path.Combine(_lake.Root, "v", DeltaPath.Decode(f.Path))).ToList();
        await table.OverwriteAsync(TestTables.Rows(100, 10), null, default);
        var orphan = Path.Combine(_lake.Root, "v", "part-orphan.parquet");
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        var young = Path.Combine(_lake.Root, "v", "part-young.parquet");
        await File.WriteAllBytesAsync(young, [1]);
        var old = DateTime.UtcNow.AddDays(-30);
        foreach (var f in v1Files.Append(orphan))
        {
            File.SetLastWriteTimeUtc(f, old);
        }

        // Version 1's files were removed by a commit within the retention: version 1 still needs them.
        var kept = await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: false, default);
        Assert.Equal(["part-orphan.parquet"], kept.DeletedPaths);
        TestTables.AssertRowsEqual(TestTables.Rows(0, 10), await TestTables.ReadAsync(_lake.Storage, "v", 1));

        foreach (var commit in Directory.GetFiles(Path.Combine(_lake.Root, "v", "_delta_log"), "*.json"))
        {
            File.SetLastWriteTimeUtc(commit, old);
        }

        var dry = await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: true, default);
        Assert.Equal(v1Files.Count, dry.FilesDeleted);
        Assert.All(v1Files, f => Assert.True(File.Exists(f)));
        var vacuumed = await table.VacuumAsync(TimeSpan.FromDays(7), dryRun: false, default);
        Assert.Equal(v1Files.Count, vacuumed.FilesDeleted);
        Assert.All(v1Files, f => Assert.False(File.Exists(f)));
        Assert.True(File.Exists(young));
        TestTables.AssertRowsEqual(TestTables.Rows(100, 10), await TestTables.ReadAsync(_lake.Storage, "v"));
    }
}
