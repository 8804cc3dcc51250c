using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// The commits still in the log, newest first. Works on tables whose rows we cannot read (unsupported features): it
/// only needs commit files. The timestamp is the commitInfo's, falling back to the file's modification time.
/// </summary>
public static class TableHistory
{
    public static async Task<IReadOnlyList<HistoryEntry>> ReadAsync(ILakeStorage storage, string tablePath, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The history limit cannot be negative.");
        }

        var listing = await DeltaLogListing.ListAsync(storage, tablePath ?? string.Empty, cancellationToken).ConfigureAwait(false);
        if (listing.LatestVersion < 0)
        {
            throw TableNotFoundException.For(storage.Root, tablePath ?? string.Empty);
        }

        var result = new List<HistoryEntry>();
        for (var i = listing.Commits.Count - 1; i >= 0 && (limit is null || result.Count < limit); i--)
        {
            result.Add(await ReadEntryAsync(storage, listing.Commits.Keys[i], listing.Commits.Values[i], cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>The commits from <paramref name="fromVersion"/> to <paramref name="toVersion"/> that are still in the log, oldest first.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>> ReadRangeAsync(
        ILakeStorage storage, string tablePath, long fromVersion, long toVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var listing = await DeltaLogListing.ListAsync(storage, tablePath ?? string.Empty, cancellationToken).ConfigureAwait(false);
        if (listing.LatestVersion < 0)
        {
            throw TableNotFoundException.For(storage.Root, tablePath ?? string.Empty);
        }

        var result = new List<HistoryEntry>();
        for (var version = fromVersion; version <= toVersion; version++)
        {
            if (listing.Commits.TryGetValue(version, out var entry))
            {
                result.Add(await ReadEntryAsync(storage, version, entry, cancellationToken).ConfigureAwait(false));
            }
        }

        return result;
    }

    private static async Task<HistoryEntry> ReadEntryAsync(ILakeStorage storage, long version, StorageEntry entry, CancellationToken cancellationToken)
    {
        var bytes = await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
        var info = DeltaLogJson.ParseCommit(bytes, entry.Path).OfType<CommitInfoAction>().FirstOrDefault();
        var timestamp = info?.InCommitTimestamp ?? info?.Timestamp ?? entry.LastModified.ToUnixTimeMilliseconds();
        return new HistoryEntry(version, timestamp, info);
    }
}
