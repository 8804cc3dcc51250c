using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Tests.Writing;

public sealed class MergeTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task One_merge_updates_inserts_and_deletes_and_writes_change_data_with_pre_and_post_images()
    {
        var config = new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };
        var table = await DeltaTable.CreateAsync(_lake.Storage, "silver", TestTables.Simple, ["region"], config, default);
        Assert.Equal(4, table.Snapshot.Protocol.MinWriterVersion);
        var initial = TestTables.Rows(0, 10, "EU").Concat(TestTables.Rows(10, 10, "US")).ToArray();
        await table.AppendAsync(initial, null, default);

        var updated3 = TestTables.Row(3, "renamed", "EU");
        var moved15 = TestTables.Row(15, "moved", "APAC");
        var merge = await table.MergeAsync(
            ["id"],
            [
                new MergeRow(updated3),
                new MergeRow(moved15),
                new MergeRow(TestTables.Row(4)),                 // identical: no change
                new MergeRow(TestTables.Row(7), Delete: true),
                new MergeRow(TestTables.Row(500), Delete: true), // no such key: nothing
                new MergeRow(TestTables.Row(100, "new", "US")),
            ],
            null,
            default);

        Assert.Equal((2L, 1L, 2L, 1L, 1L), (merge.Version, merge.Inserted, merge.Updated, merge.Deleted, merge.Unchanged));
        var expected = initial.Where(r => (long)r[0]! is not (3 or 15 or 7)).Append(updated3).Append(moved15).Append(TestTables.Row(100, "new", "US"));
        TestTables.AssertRowsEqual(expected, await TestTables.ReadAsync(_lake.Storage, "silver"));
        TestTables.AssertRowsEqual(initial, await TestTables.ReadAsync(_lake.Storage, "silver", 1));

        var changes = await ReadChangeFilesAsync(2);
        var byType = changes.GroupBy(c => (string)c[^1]!).ToDictionary(g => g.Key, g => g.Select(r => r[..^1]).ToList());
        TestTables.AssertRowsEqual([TestTables.Row(3), TestTables.Row(15, region: "US")], byType["update_preimage"]);
        TestTables.AssertRowsEqual([updated3, moved15], byType["update_postimage"]);
        TestTables.AssertRowsEqual([TestTables.Row(7)], byType["delete"]);
        TestTables.AssertRowsEqual([TestTables.Row(100, "new", "US")], byType["insert"]);
        Assert.Equal(4, byType.Count);

        // The same change feed as readers see it: the cdc files of version 2, and version 1's adds as inserts.
        var feed = await ReadFeedAsync(table, 1, 2);
        var history = await table.HistoryAsync(2, default);
        Assert.Equal([2L, 1L], history.Select(h => h.Version));
        Assert.All(feed, r => Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(history.Single(h => h.Version == (long)r[6]!).Timestamp), r[7]));
        var feedByType = feed.GroupBy(r => ((string)r[5]!, (long)r[6]!)).ToDictionary(g => g.Key, g => g.Select(r => r[..5]).ToList());
        TestTables.AssertRowsEqual(initial, feedByType[("insert", 1)]);
        TestTables.AssertRowsEqual([TestTables.Row(3), TestTables.Row(15, region: "US")], feedByType[("update_preimage", 2)]);
        TestTables.AssertRowsEqual([updated3, moved15], feedByType[("update_postimage", 2)]);
        TestTables.AssertRowsEqual([TestTables.Row(7)], feedByType[("delete", 2)]);
        TestTables.AssertRowsEqual([TestTables.Row(100, "new", "US")], feedByType[("insert", 2)]);
        Assert.Equal(5, feedByType.Count);
    }

    [Fact]
    public async Task Deletes_and_overwrites_reach_the_change_feed_through_the_reader()
    {
        var config = new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };
        var table = await DeltaTable.CreateAsync(_lake.Storage, "cdf", TestTables.Simple, ["region"], config, default);
        await table.AppendAsync([.. TestTables.Rows(0, 6, "EU"), .. TestTables.Rows(6, 4, "US")], null, default);
        var deleted = await table.DeleteAsync(r => (long)r[0]! % 3 == 0, "id % 3 = 0", default);
        var replacement = TestTables.Rows(50, 2, "APAC");
        var overwritten = await table.OverwriteAsync(replacement, null, default);

        var deletes = await ReadFeedAsync(table, deleted.Version, deleted.Version);
        Assert.All(deletes, r => Assert.Equal(("delete", deleted.Version), ((string)r[5]!, (long)r[6]!)));
        TestTables.AssertRowsEqual([TestTables.Row(0), TestTables.Row(3), TestTables.Row(6, region: "US"), TestTables.Row(9, region: "US")], deletes.Select(r => r[..5]));

        // An overwrite writes no cdc files: its removes read back as deletes, its adds as inserts.
        var overwrite = (await ReadFeedAsync(table, overwritten.Version, null)).ToLookup(r => (string)r[5]!, r => r[..5]);
        TestTables.AssertRowsEqual(replacement, overwrite["insert"]);
        TestTables.AssertRowsEqual(new[] { 1, 2, 4, 5, 7, 8 }.Select(i => TestTables.Row(i, region: i < 6 ? "EU" : "US")), overwrite["delete"]);

        var rows = await table.ReadAsync(null, default);
        Assert.Equal(TestTables.Simple, rows.Schema);
        TestTables.AssertRowsEqual(replacement, await ToListAsync(rows.Rows));
        TestTables.AssertRowsEqual([.. TestTables.Rows(0, 6, "EU"), .. TestTables.Rows(6, 4, "US")], await ToListAsync((await table.ReadAsync(1, default)).Rows));
        await Assert.ThrowsAsync<VersionNotFoundException>(() => table.ReadAsync(99, default));
    }

    private static async Task<List<object?[]>> ReadFeedAsync(DeltaTable table, long from, long? to)
    {
        var feed = await table.ChangesAsync(from, to, default);
        Assert.Equal(
            [.. TestTables.Simple.Fields.Select(f => f.Name), TableChanges.ChangeTypeColumn, TableChanges.CommitVersionColumn, TableChanges.CommitTimestampColumn],
            feed.Schema.Fields.Select(f => f.Name));
        return await ToListAsync(feed.Rows);
    }

    private static async Task<List<object?[]>> ToListAsync(IAsyncEnumerable<object?[]> rows)
    {
        var list = new List<object?[]>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    [Fact]
    public async Task Merge_skips_files_whose_key_ranges_cannot_match_and_rejects_duplicate_source_keys()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "pruned", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await table.AppendAsync(TestTables.Rows(0, 100), null, default);
        await table.AppendAsync(TestTables.Rows(1000, 100), null, default);
        var untouched = table.Snapshot.Files.Values.Single(f => f.Stats!.Contains("\"id\":1000", StringComparison.Ordinal));

        var result = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(5, "x")), new MergeRow(TestTables.Row(50_000))], null, default);
        Assert.Equal((1L, 1L), (result.Inserted, result.Updated));
        var commit = DeltaLogJson.ParseCommit(await _lake.Storage.ReadAllBytesAsync("pruned/_delta_log/" + DeltaPath.CommitFileName(result.Version), default), "c");
        Assert.DoesNotContain(commit.OfType<RemoveFileAction>(), r => r.Path == untouched.Path);
        Assert.Single(commit.OfType<RemoveFileAction>());
        Assert.Equal(201, (await TestTables.ReadAsync(_lake.Storage, "pruned")).Count);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1)), new MergeRow(TestTables.Row(1, "b"))], null, default));
        Assert.Contains("more than once", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_string_key_merge_rewrites_only_the_file_that_holds_a_source_key()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "by-name", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var initial = new List<object?[]>();
        foreach (var from in new[] { 0L, 10L, 20L })
        {
            // Three files; "name-15" also lies inside the first file's key range (name-0 .. name-9), so only reading
            // that file's keys can tell it holds none of the source's.
            var rows = TestTables.Rows(from, 10);
            initial.AddRange(rows);
            await table.AppendAsync(rows, null, default);
        }

        object?[] renamed15 = [115L, "name-15", 1m, new DateOnly(2024, 2, 1), "US"];
        object?[] added = [999L, "brand-new", 2m, new DateOnly(2024, 2, 2), "EU"];
        var merge = await table.MergeAsync(["name"], [new MergeRow(renamed15), new MergeRow(added), new MergeRow(TestTables.Row(25))], null, default);

        Assert.Equal((1L, 1L, 1L), (merge.Inserted, merge.Updated, merge.Unchanged));
        var commit = (await table.HistoryAsync(1, default)).Single();
        Assert.Equal("1", commit.CommitInfo!.OperationMetrics!["numTargetFilesRemoved"]);
        var expected = initial.Where(r => (string)r[1]! != "name-15").Append(renamed15).Append(added);
        TestTables.AssertRowsEqual(expected, await TestTables.ReadAsync(_lake.Storage, "by-name"));
    }

    [Fact]
    public async Task A_merge_with_a_txn_already_in_the_table_is_a_no_op()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "idem", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var txn = new TxnAction("silver-feed", 7);
        var first = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1))], txn, default);
        var again = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1, "other"))], txn, default);
        Assert.False(first.AlreadyCommitted);
        Assert.True(again.AlreadyCommitted);
        Assert.Equal(first.Version, again.Version);
        TestTables.AssertRowsEqual([TestTables.Row(1)], await TestTables.ReadAsync(_lake.Storage, "idem"));
    }

    private async Task<List<object?[]>> ReadChangeFilesAsync(long version)
    {
        var commit = DeltaLogJson.ParseCommit(await _lake.Storage.ReadAllBytesAsync("silver/_delta_log/" + DeltaPath.CommitFileName(version), default), "c");
        var rows = new List<object?[]>();
        var schema = new StructType([.. TestTables.Simple.Fields.Where(f => f.Name != "region"), new StructField("_change_type", PrimitiveType.String)]);
        foreach (var cdc in commit.OfType<CdcFileAction>())
        {
            Assert.StartsWith("_change_data/", DeltaPath.Decode(cdc.Path), StringComparison.Ordinal);
            var reader = await ParquetFileReader.CreateAsync(await _lake.Storage.OpenReadAsync("silver/" + DeltaPath.Decode(cdc.Path), default), default);
            await using (reader)
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    foreach (var r in await reader.ReadRowGroupAsync(g, schema, default))
                    {
                        rows.Add([r[0], r[1], r[2], r[3], cdc.PartitionValues["region"], r[4]]);
                    }
                }
            }
        }

        return rows;
    }
}
