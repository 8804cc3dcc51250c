using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Writing;

internal static class ConcurrencyAsserts
{
    public const int Writers = 8;
    public const int Appends = 25;
    public const int RowsPerAppend = 4;

    public static IReadOnlyList<object?[]> Rows(int writer, int append) =>
        Enumerable.Range(0, RowsPerAppend)
            .Select(i => new object?[] { (long)writer * 1_000_000 + append * 1_000 + i, $"w{writer}", (decimal)append, new DateOnly(2024, 1, 1), "EU" })
            .ToArray();

    /// <summary>200 commits on top of the create, versions 0..200 with no gap, one txn per commit, every row exactly once.</summary>
    public static async Task AssertAllCommittedAsync(ILakeStorage storage, string tablePath)
    {
        var commits = new List<string>();
        await foreach (var entry in storage.ListAsync(tablePath + "/_delta_log/", default))
        {
            if (entry.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                commits.Add(entry.Path[(tablePath.Length + "/_delta_log/".Length)..]);
            }
        }

        Assert.Equal(Enumerable.Range(0, Writers * Appends + 1).Select(v => DeltaPath.CommitFileName(v)), commits);
        var txns = new HashSet<(string, long)>();
        for (var v = 1; v <= Writers * Appends; v++)
        {
            var actions = DeltaLogJson.ParseCommit(await storage.ReadAllBytesAsync($"{tablePath}/_delta_log/{DeltaPath.CommitFileName(v)}", default), "c");
            var txn = Assert.Single(actions.OfType<TxnAction>());
            Assert.True(txns.Add((txn.AppId, txn.Version)), $"txn {txn.AppId}/{txn.Version} committed twice");
        }

        var rows = await TestTables.ReadAsync(storage, tablePath);
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, Appends).SelectMany(a => Rows(w, a))).Select(r => (long)r[0]!).Order();
        Assert.Equal(expected, rows.Select(r => (long)r[0]!).Order());
    }
}
