using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Tests.Writing;

namespace Kardiaflow.Lakehouse.Tests.Concurrency;

/// <summary>
/// Storage faults at the engine's storage interface (<see cref="FaultyLakeStorage"/> over real local files): after each,
/// the operation either failed with a clear error and left the table unchanged and valid, or succeeded exactly once —
/// also when its reply was lost and it was retried.
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly TempLake _lake = new();
    private readonly FaultyLakeStorage _faulty;

    public StorageFaultTests() => _faulty = new FaultyLakeStorage(_lake.Storage);

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task A_failed_commit_write_fails_the_operation_and_leaves_the_table_unchanged_and_a_retry_commits_once()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.FailWrite, FaultyLakeStorage.IsCommit);

        var e = await Assert.ThrowsAsync<IOException>(() => table.AppendAsync([TestTables.Row(100)], new TxnAction("app", 1), default));
        Assert.Contains("00000000000000000002.json", e.Message, StringComparison.Ordinal);
        await AssertTableAsync(version: 1, ids: Ids(0, 10));

        var retry = await table.AppendAsync([TestTables.Row(100)], new TxnAction("app", 1), default);
        Assert.Equal((2L, false), (retry.Version, retry.AlreadyCommitted));
        await AssertTableAsync(version: 2, ids: [.. Ids(0, 10), 100]);
    }

    [Fact]
    public async Task A_failed_data_file_write_fails_a_merge_before_anything_is_committed()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.FailWrite, FaultyLakeStorage.IsDataFile);

        await Assert.ThrowsAsync<IOException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(3, "x")), new MergeRow(TestTables.Row(50))], null, default));
        await AssertTableAsync(version: 1, ids: Ids(0, 10));
        Assert.Single(_faulty.Injected);
    }

    [Fact]
    public async Task A_lost_put_if_absent_race_against_a_no_op_commit_is_replayed_on_top_of_it()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.LoseRace, FaultyLakeStorage.IsCommit).Plan(StorageFault.LoseRace, FaultyLakeStorage.IsCommit);

        var merge = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(3, "x")), new MergeRow(TestTables.Row(50))], null, default);

        Assert.Equal(4, merge.Version);
        var log = await AssertTableAsync(version: 4, ids: [.. Ids(0, 10), 50]);
        Assert.Equal(["FAULT INJECTION", "FAULT INJECTION", DeltaOperations.Merge], Enumerable.Range(2, 3).Select(v => log.OperationOf(v)));
    }

    [Fact]
    public async Task A_put_if_absent_race_lost_to_a_merge_of_the_same_key_is_a_conflict_naming_the_winner()
    {
        var table = await SeededAsync();
        var rival = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        _faulty.Interloper = async (_, ct) => await rival.MergeAsync(["id"], [new MergeRow(TestTables.Row(50, "rival"))], null, ct);
        _faulty.Plan(StorageFault.LoseRace, FaultyLakeStorage.IsCommit);

        var e = await Assert.ThrowsAsync<DeltaConflictException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(50, "mine"))], null, default));

        Assert.Equal((2L, DeltaOperations.Merge, DeltaConflictKind.FilesAddedMatchingRead), (e.WinningVersion, e.WinningOperation, e.Kind));
        var rows = await TestTables.ReadAsync(_lake.Storage, "t");
        Assert.Equal("rival", Assert.Single(rows, r => (long)r[0]! == 50)[1]);
        await AssertTableAsync(version: 2, ids: [.. Ids(0, 10), 50]);
    }

    [Fact]
    public async Task A_slow_commit_write_is_overtaken_by_another_writer_and_both_commit_once()
    {
        var table = await SeededAsync();
        var other = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        _faulty.Plan(StorageFault.SlowWrite, FaultyLakeStorage.IsCommit);

        var slow = table.MergeAsync(["id"], [new MergeRow(TestTables.Row(2, "slow"))], null, default);
        await Task.Delay(10);
        // Another key, in no file the slow merge read: no conflict, only a lost race for the version.
        var fast = await other.MergeAsync(["id"], [new MergeRow(TestTables.Row(500, "fast"))], null, default);
        var slowResult = await slow;

        Assert.Equal([2L, 3L], new[] { fast.Version, slowResult.Version }.Order());
        var rows = await TestTables.ReadAsync(_lake.Storage, "t");
        Assert.Equal(("slow", "fast"), ((string?)rows.Single(r => (long)r[0]! == 2)[1], (string?)rows.Single(r => (long)r[0]! == 500)[1]));
        Assert.Equal(StorageFault.SlowWrite, Assert.Single(_faulty.Injected).Fault);
        await AssertTableAsync(version: 3, ids: [.. Ids(0, 10), 500]);
    }

    [Fact]
    public async Task A_commit_whose_reply_is_lost_is_recognised_as_committed_and_not_written_twice()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.LoseReply, FaultyLakeStorage.IsCommit);

        // No txn: only recognising its own commit (commitInfo.txnId, read back) keeps this from committing twice.
        var merge = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(60))], null, default);

        Assert.Equal((2L, 1L), (merge.Version, merge.Inserted));
        Assert.Equal(StorageFault.LoseReply, Assert.Single(_faulty.Injected).Fault);
        await AssertTableAsync(version: 2, ids: [.. Ids(0, 10), 60]);
    }

    [Fact]
    public async Task A_lost_reply_that_cannot_be_read_back_is_an_unknown_outcome_and_a_retry_with_the_txn_commits_once()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.LoseReplyAndReadBack, FaultyLakeStorage.IsCommit);

        var e = await Assert.ThrowsAsync<DeltaLakeException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(60))], new TxnAction("feed", 7), default));
        Assert.Contains("whether it was committed is unknown", e.Message, StringComparison.Ordinal);
        Assert.Contains("same txn", e.Message, StringComparison.Ordinal);

        var retry = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(60))], new TxnAction("feed", 7), default);
        Assert.True(retry.AlreadyCommitted);
        Assert.Equal(2, retry.Version);
        await AssertTableAsync(version: 2, ids: [.. Ids(0, 10), 60]);
    }

    [Fact]
    public async Task A_data_file_write_whose_reply_is_lost_fails_the_append_and_the_retry_commits_once()
    {
        var table = await SeededAsync();
        _faulty.Plan(StorageFault.LoseReply, FaultyLakeStorage.IsDataFile);

        await Assert.ThrowsAsync<IOException>(() => table.AppendAsync([TestTables.Row(70)], new TxnAction("ingest", 1), default));
        await AssertTableAsync(version: 1, ids: Ids(0, 10));

        await table.AppendAsync([TestTables.Row(70)], new TxnAction("ingest", 1), default);
        var again = await table.AppendAsync([TestTables.Row(70)], new TxnAction("ingest", 1), default);
        Assert.True(again.AlreadyCommitted);
        await AssertTableAsync(version: 2, ids: [.. Ids(0, 10), 70]);
    }

    [Fact]
    public async Task A_failed_checkpoint_write_leaves_the_commit_in_place()
    {
        var table = await DeltaTable.CreateAsync(_faulty, "t", TestTables.Simple, [], new Dictionary<string, string> { ["delta.checkpointInterval"] = "2" }, default);
        await table.AppendAsync(TestTables.Rows(0, 3), null, default);
        _faulty.Plan(StorageFault.FailWrite, p => p.EndsWith(".checkpoint.parquet", StringComparison.Ordinal));

        var result = await table.AppendAsync(TestTables.Rows(3, 3), null, default);

        Assert.Equal(2, result.Version);
        Assert.Single(_faulty.Injected);
        await AssertTableAsync(version: 2, ids: Ids(0, 6));
    }

    private static long[] Ids(long from, int count) => Enumerable.Range(0, count).Select(i => from + i).ToArray();

    /// <summary>A table at version 1 holding ids 0..9, written through the faulty storage (no faults planned yet).</summary>
    private async Task<DeltaTable> SeededAsync()
    {
        var table = await DeltaTable.CreateAsync(_faulty, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await table.AppendAsync(TestTables.Rows(0, 10), null, default);
        return table;
    }

    private async Task<DeltaLogReport> AssertTableAsync(long version, long[] ids)
    {
        var report = await DeltaLogValidation.AssertValidAsync(_lake.Storage, "t");
        Assert.Equal(version, report.LatestVersion);
        Assert.Equal(ids.Order(), (await TestTables.ReadAsync(_lake.Storage, "t")).Select(r => (long)r[0]!));
        return report;
    }
}
