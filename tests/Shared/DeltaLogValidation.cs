using System.Globalization;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Tests.Shared;

/// <summary>What a valid Delta log held: its commits, in version order.</summary>
internal sealed record DeltaLogReport(string TablePath, IReadOnlyList<IReadOnlyList<DeltaAction>> Commits)
{
    public long LatestVersion => Commits.Count - 1;

    public string? OperationOf(long version) => Commits[(int)version].OfType<CommitInfoAction>().FirstOrDefault()?.Operation;
}

/// <summary>
/// Checks a table's Delta log as a reader would rely on it: commit files 0..N with no gap and nothing else named like
/// one, every commit parses, no application transaction (appId, version) and no commitInfo.txnId committed twice, every
/// add names a file not already in the table and every data-changing remove one that is, the snapshot loads at N, and
/// every file it holds exists.
/// </summary>
internal static class DeltaLogValidation
{
    public static async Task<DeltaLogReport> AssertValidAsync(ILakeStorage storage, string tablePath)
    {
        var prefix = tablePath.TrimEnd('/') + "/_delta_log/";
        var versions = new List<long>();
        await foreach (var entry in storage.ListAsync(prefix, CancellationToken.None))
        {
            var name = entry.Path[prefix.Length..];
            if (name.EndsWith(".json", StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal))
            {
                var v = -1L;
                Assert.True(name.Length == 25 && long.TryParse(name[..20], NumberStyles.None, CultureInfo.InvariantCulture, out v), $"{tablePath}: '{name}' in the log is not a commit file name");
                versions.Add(v);
            }
        }

        Assert.True(versions.Count > 0, $"{tablePath}: no commits");
        var gaps = versions.Select((v, i) => (v, i)).Where(p => p.v != p.i).Take(3).ToList();
        Assert.True(gaps.Count == 0, $"{tablePath}: versions are not 0..{versions.Count - 1} without gaps; first mismatch: version {gaps.FirstOrDefault().v} at position {gaps.FirstOrDefault().i}");

        var commits = new List<IReadOnlyList<DeltaAction>>();
        var txns = new Dictionary<(string, long), long>();
        var txnIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var path = prefix + DeltaPath.CommitFileName(version);
            var actions = DeltaLogJson.ParseCommit(await storage.ReadAllBytesAsync(path, CancellationToken.None), path);
            commits.Add(actions);
            foreach (var txn in actions.OfType<TxnAction>())
            {
                Assert.True(txns.TryAdd((txn.AppId, txn.Version), version), $"{tablePath}: txn ({txn.AppId}, {txn.Version}) committed twice, at versions {txns.GetValueOrDefault((txn.AppId, txn.Version))} and {version}");
            }

            if (actions.OfType<CommitInfoAction>().FirstOrDefault()?.Other?["txnId"]?.GetValue<string>() is { } txnId)
            {
                Assert.True(txnIds.TryAdd(txnId, version), $"{tablePath}: commit {txnId} is in the log twice, at versions {txnIds.GetValueOrDefault(txnId)} and {version}");
            }

            foreach (var remove in actions.OfType<RemoveFileAction>())
            {
                var removed = active.Remove(DeltaPath.Decode(remove.Path));
                Assert.True(removed || !remove.DataChange, $"{tablePath}: version {version} removes '{remove.Path}', which is not in the table");
            }

            foreach (var add in actions.OfType<AddFileAction>())
            {
                Assert.True(active.Add(DeltaPath.Decode(add.Path)), $"{tablePath}: version {version} adds '{add.Path}', which is in the table already");
            }
        }

        var snapshot = await Snapshot.LoadAsync(storage, tablePath, null, CancellationToken.None);
        Assert.Equal(versions[^1], snapshot.Version);
        Assert.Equal(active.Order(StringComparer.Ordinal), snapshot.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal));
        foreach (var file in active)
        {
            Assert.True(await storage.ExistsAsync(tablePath.TrimEnd('/') + "/" + file, CancellationToken.None), $"{tablePath}: the table holds '{file}', which is missing");
        }

        return new DeltaLogReport(tablePath, commits);
    }
}
