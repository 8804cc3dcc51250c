using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>Commits that carry one txn per input file (group commit) and a timestamp chosen before the files were written.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task A_commit_records_the_timestamp_its_rows_were_stamped_with()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var stamped = new DateTimeOffset(2026, 11, 25, 8, 9, 10, 123, TimeSpan.Zero);

        var result = await table.CommitAsync(
            await table.WriteDataFilesAsync(TestTables.Rows(0, 3), default), "WRITE", null, new TxnAction("file-a", 1), stamped, default);

        // History and the change feed's _commit_timestamp come from commitInfo; time travel by timestamp follows the
        // commit file's time, as Spark and delta-rs do for tables without in-commit timestamps.
        var history = await TableHistory.ReadAsync(_lake.Storage, "t", 1, default);
        Assert.Equal(1, result.Version);
        Assert.Equal((1L, stamped.ToUnixTimeMilliseconds()), (history[0].Version, history[0].Timestamp));
        Assert.Equal(stamped.ToUnixTimeMilliseconds(), history[0].CommitInfo!.Timestamp);
    }

    [Fact]
    public async Task Every_txn_of_a_group_commit_counts_not_only_the_first()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var stale = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var b = new TxnAction("file-b", 1);
        await table.CommitAsync([.. await table.WriteDataFilesAsync(TestTables.Rows(10, 2), default), b], "WRITE", null, null, default);

        // From an up-to-date instance: refused before anything is written to the log.
        var upToDate = await Assert.ThrowsAsync<DeltaConflictException>(async () => await table.CommitAsync(
            [.. await table.WriteDataFilesAsync(TestTables.Rows(0, 2), default), new TxnAction("file-c", 1), b],
            "WRITE", null, new TxnAction("file-a", 1), default));
        Assert.Equal(DeltaConflictKind.TransactionsPartlyCommitted, upToDate.Kind);
        Assert.Equal(["file-b"], upToDate.Files);

        // From a stale instance that loses the race to the commit that carried file-b: judged on the winner's txns.
        var lost = await Assert.ThrowsAsync<DeltaConflictException>(async () => await stale.CommitAsync(
            [.. await stale.WriteDataFilesAsync(TestTables.Rows(0, 2), default), b], "WRITE", null, new TxnAction("file-a", 1), default));
        Assert.Equal(DeltaConflictKind.TransactionsPartlyCommitted, lost.Kind);
        Assert.Contains("already committed 1 of its application transactions", lost.Message, StringComparison.Ordinal);

        // All of them committed already: a no-op, from a stale instance too.
        var again = await stale.CommitAsync([.. await stale.WriteDataFilesAsync(TestTables.Rows(10, 2), default), b], "WRITE", null, null, default);
        Assert.True(again.AlreadyCommitted);
        Assert.Equal(2, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);
        Assert.Equal(1, (await Snapshot.LoadAsync(_lake.Storage, "t", null, default)).Version);
    }
}
