using System.Globalization;
using Kardiaflow.Lakehouse.Checkpoints;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>
/// What <c>_delta_log</c> holds: commit files and classic checkpoints by version. Everything else — hidden files, Hadoop
/// <c>.crc</c> side files, Delta version checksums, <c>.tmp/</c> leftovers of crashed writers, <c>_last_checkpoint</c>,
/// log compactions — is ignored: the listing is the truth, hints are not needed.
/// </summary>
public sealed class DeltaLogListing
{
    private DeltaLogListing(string tablePath, SortedList<long, StorageEntry> commits, SortedList<long, CheckpointFiles> checkpoints, bool hasV2Checkpoints)
    {
        TablePath = tablePath;
        Commits = commits;
        Checkpoints = checkpoints;
        HasV2Checkpoints = hasV2Checkpoints;
    }

    public string TablePath { get; }

    /// <summary>Commit files by version, ascending.</summary>
    public SortedList<long, StorageEntry> Commits { get; }

    /// <summary>Classic checkpoints by version, ascending (complete or not).</summary>
    public SortedList<long, CheckpointFiles> Checkpoints { get; }

    /// <summary>True when UUID-named (v2) checkpoints exist; we cannot read those.</summary>
    public bool HasV2Checkpoints { get; }

    /// <summary>Highest version that has a commit file or a complete checkpoint; -1 for an empty log.</summary>
    public long LatestVersion =>
        Math.Max(Commits.Count > 0 ? Commits.Keys[^1] : -1, Checkpoints.Values.Where(c => c.IsComplete).Select(c => c.Version).DefaultIfEmpty(-1).Max());

    /// <summary>The log prefix of a table, e.g. <c>sales/_delta_log/</c>.</summary>
    public static string LogPrefix(string tablePath) =>
        string.IsNullOrEmpty(tablePath) ? "_delta_log/" : tablePath.TrimEnd('/') + "/_delta_log/";

    public static async Task<DeltaLogListing> ListAsync(ILakeStorage storage, string tablePath, CancellationToken cancellationToken, long fromVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var prefix = LogPrefix(tablePath);
        var commits = new SortedList<long, StorageEntry>();
        var parts = new Dictionary<long, (int Count, List<StorageEntry> Files)>();
        var hasV2 = false;
        await foreach (var entry in storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var name = entry.Path[prefix.Length..];
            if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith('.') || name.Length < 21 || name[20] != '.'
                || !long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version < fromVersion)
            {
                continue;
            }

            var rest = name[21..];
            if (rest == "json")
            {
                commits[version] = entry;
            }
            else if (rest == "checkpoint.parquet")
            {
                parts[version] = (1, [entry]);
            }
            else if (rest.StartsWith("checkpoint.", StringComparison.Ordinal) && rest.EndsWith(".parquet", StringComparison.Ordinal)
                     && TryParseMultiPart(rest, out var count))
            {
                if (!parts.TryGetValue(version, out var existing) || (existing.Count != count && existing.Count != 1))
                {
                    existing = (count, []);
                    parts[version] = existing;
                }

                if (existing.Count == count)
                {
                    existing.Files.Add(entry);
                }
            }
            else if (rest.StartsWith("checkpoint.", StringComparison.Ordinal))
            {
                hasV2 = true;
            }
        }

        var checkpoints = new SortedList<long, CheckpointFiles>();
        foreach (var (version, (count, files)) in parts)
        {
            checkpoints[version] = new CheckpointFiles(version, count, files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        }

        return new DeltaLogListing(tablePath, commits, checkpoints, hasV2);
    }

    /// <summary>Commit timestamps from file modification times, nudged to be strictly increasing as Spark does.</summary>
    public IReadOnlyList<CommitTimestamp> FileTimestamps()
    {
        var result = new List<CommitTimestamp>(Commits.Count);
        var previous = long.MinValue;
        foreach (var (version, entry) in Commits)
        {
            var ts = entry.LastModified.ToUnixTimeMilliseconds();
            if (ts <= previous)
            {
                ts = previous + 1;
            }

            result.Add(new CommitTimestamp(version, ts));
            previous = ts;
        }

        return result;
    }

    private static bool TryParseMultiPart(string rest, out int count)
    {
        // checkpoint.0000000001.0000000003.parquet
        count = 0;
        var pieces = rest.Split('.');
        return pieces.Length == 4
            && pieces[1].Length == 10 && int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && pieces[2].Length == 10 && int.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }
}
