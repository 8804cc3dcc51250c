using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Tests.Writing;

namespace Kardiaflow.Lakehouse.Tests.Concurrency;

/// <summary>
/// The conflict check of a lost race against the rows the winner added (Delta's concurrent-append check): two writers
/// open the same version, the first commits, the second's snapshot still is the version both read.
/// </summary>
public sealed class MergeConflictTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Two_merges_from_one_version_inserting_the_same_key_give_one_row_and_a_conflict_naming_the_winner()
    {
        var (first, second) = await TwoWritersAsync(TestTables.Rows(0, 10));

        var won = await first.MergeAsync(["id"], [new MergeRow(TestTables.Row(500, "first"))], null, default);
        var e = await Assert.ThrowsAsync<DeltaConflictException>(() => second.MergeAsync(["id"], [new MergeRow(TestTables.Row(500, "second"))], null, default));

        Assert.Equal(DeltaConflictKind.FilesAddedMatchingRead, e.Kind);
        Assert.Equal(won.Version, e.WinningVersion);
        Assert.Equal(DeltaOperations.Merge, e.WinningOperation);
        Assert.Equal(1, e.ReadVersion);
        Assert.Contains($"version {won.Version} (MERGE)", e.Message, StringComparison.Ordinal);
        var rows = await TestTables.ReadAsync(_lake.Storage, "t");
        Assert.Single(rows, r => (long)r[0]! == 500);
        Assert.Equal(won.Version, (await DeltaTable.OpenAsync(_lake.Storage, "t", default)).Version);
    }

    [Fact]
    public async Task A_merge_updating_a_key_another_merge_inserted_meanwhile_conflicts()
    {
        var (first, second) = await TwoWritersAsync(TestTables.Rows(0, 10));
        await first.MergeAsync(["id"], [new MergeRow(TestTables.Row(42))], null, default);

        // The second merge would delete key 42 had it seen it; it must not commit as if 42 did not exist.
        var e = await Assert.ThrowsAsync<DeltaConflictException>(() => second.MergeAsync(["id"], [new MergeRow(TestTables.Row(42), Delete: true), new MergeRow(TestTables.Row(3, "x"))], null, default));
        Assert.Equal(DeltaConflictKind.FilesAddedMatchingRead, e.Kind);
    }

    [Fact]
    public async Task Merges_of_disjoint_keys_both_commit_whether_stats_or_the_key_column_rule_the_winner_out()
    {
        var (first, second) = await TwoWritersAsync(TestTables.Rows(0, 10));
        var third = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        // Winner's file holds 100 and 200: its range [100, 200] covers 150, so only reading its key column clears it.
        var won = await first.MergeAsync(["id"], [new MergeRow(TestTables.Row(100)), new MergeRow(TestTables.Row(200))], null, default);
        var byColumn = await second.MergeAsync(["id"], [new MergeRow(TestTables.Row(150)), new MergeRow(TestTables.Row(2, "changed"))], null, default);
        // Keys below every file's range added since: cleared by statistics alone.
        var byStats = await third.MergeAsync(["id"], [new MergeRow(TestTables.Row(-5))], null, default);

        Assert.Equal([won.Version + 1, won.Version + 2], new[] { byColumn.Version, byStats.Version });
        var ids = (await TestTables.ReadAsync(_lake.Storage, "t")).Select(r => (long)r[0]!).ToList();
        Assert.Equal([-5L, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 150, 200], ids);
    }

    [Fact]
    public async Task A_merge_conflicts_with_a_concurrent_append_of_one_of_its_keys_and_not_with_an_append_of_others()
    {
        var (appender, merger) = await TwoWritersAsync(TestTables.Rows(0, 10));
        var other = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        await appender.AppendAsync(TestTables.Rows(1000, 5), null, default);

        await other.MergeAsync(["id"], [new MergeRow(TestTables.Row(5, "updated"))], null, default);
        var appended = await appender.AppendAsync([TestTables.Row(77)], null, default);
        var e = await Assert.ThrowsAsync<DeltaConflictException>(() => merger.MergeAsync(["id"], [new MergeRow(TestTables.Row(77))], null, default));

        Assert.Equal(appended.Version, e.WinningVersion);
        Assert.Equal(DeltaOperations.Write, e.WinningOperation);
        Assert.Single(await TestTables.ReadAsync(_lake.Storage, "t"), r => (long)r[0]! == 77);
    }

    [Fact]
    public async Task A_delete_conflicts_with_a_concurrent_append_of_a_matching_row_and_not_with_other_rows()
    {
        var (appender, deleter) = await TwoWritersAsync(TestTables.Rows(0, 10));
        var other = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        await appender.AppendAsync([TestTables.Row(1001)], null, default);
        var kept = await other.DeleteAsync(r => (long)r[0]! > 5000, "id > 5000", default);
        Assert.Equal(0, kept.RowsDeleted);

        await appender.AppendAsync([TestTables.Row(6000)], null, default);
        var e = await Assert.ThrowsAsync<DeltaConflictException>(() => deleter.DeleteAsync(r => (long)r[0]! is 3 or 6000, "id in (3, 6000)", default));
        Assert.Equal(DeltaConflictKind.FilesAddedMatchingRead, e.Kind);

        var fresh = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var deleted = await fresh.DeleteAsync(r => (long)r[0]! is 3 or 6000, "id in (3, 6000)", default);
        Assert.Equal(2, deleted.RowsDeleted);

        // A delete whose rows no concurrent append holds commits on top of the appends.
        var (appender2, deleter2) = (await DeltaTable.OpenAsync(_lake.Storage, "t", default), await DeltaTable.OpenAsync(_lake.Storage, "t", default));
        await appender2.AppendAsync([TestTables.Row(7000)], null, default);
        var d = await deleter2.DeleteAsync(r => (long)r[0]! == 4, "id = 4", default);
        Assert.Equal(1, d.RowsDeleted);
        var ids = (await TestTables.ReadAsync(_lake.Storage, "t")).Select(r => (long)r[0]!).ToList();
        Assert.Equal([0L, 1, 2, 5, 6, 7, 8, 9, 1001, 7000], ids);
    }

    [Fact]
    public async Task Two_file_level_merges_from_one_version_inserting_the_same_key_conflict_and_disjoint_ones_both_commit()
    {
        var (first, second) = await TwoWritersAsync(TestTables.Rows(0, 10));
        var third = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var counts = new MergeCounts(1, 1, 0, 0);

        var won = await first.CommitMergeAsync(1, await first.WriteDataFilesAsync([TestTables.Row(500, "first")], "bucket-1", true, default), [], [], ["id"], counts, null, default);
        var e = await Assert.ThrowsAsync<DeltaConflictException>(async () =>
            await second.CommitMergeAsync(1, await second.WriteDataFilesAsync([TestTables.Row(500, "second")], "bucket-2", true, default), [], [], ["id"], counts, null, default));
        var disjoint = await third.CommitMergeAsync(1, await third.WriteDataFilesAsync([TestTables.Row(501, "third")], "bucket-3", true, default), [], [], ["id"], counts, null, default);

        Assert.Equal((DeltaConflictKind.FilesAddedMatchingRead, won.Version, DeltaOperations.Merge), (e.Kind, e.WinningVersion, e.WinningOperation));
        Assert.Equal(won.Version + 1, disjoint.Version);
        var rows = await TestTables.ReadAsync(_lake.Storage, "t");
        Assert.Equal("first", Assert.Single(rows, r => (long)r[0]! == 500)[1]);
        Assert.Single(rows, r => (long)r[0]! == 501);
    }

    private async Task<(DeltaTable First, DeltaTable Second)> TwoWritersAsync(IReadOnlyList<object?[]> initial)
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await table.AppendAsync(initial, null, default);
        return (await DeltaTable.OpenAsync(_lake.Storage, "t", default), await DeltaTable.OpenAsync(_lake.Storage, "t", default));
    }
}
