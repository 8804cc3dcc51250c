using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>
/// Commit timestamps for time travel over the whole remaining log. File modification times unless the table records
/// in-commit timestamps (<c>delta.enableInCommitTimestamps</c>), in which case those are read from the commits.
/// </summary>
internal static class CommitTimestampResolver
{
    public static async Task<IReadOnlyList<CommitTimestamp>> ResolveAsync(Snapshot latest, DeltaLogListing listing, CancellationToken cancellationToken)
    {
        var fileTimes = listing.FileTimestamps();
        var ictEnabled = string.Equals(
            latest.Metadata.Configuration.GetValueOrDefault("delta.enableInCommitTimestamps"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ictEnabled)
        {
            return fileTimes;
        }

        var result = new List<CommitTimestamp>(fileTimes.Count);
        foreach (var ft in fileTimes)
        {
            var bytes = await latest.Storage.ReadAllBytesAsync(listing.Commits[ft.Version].Path, cancellationToken).ConfigureAwait(false);
            var ict = DeltaLogJson.ParseCommit(bytes, listing.Commits[ft.Version].Path)
                .OfType<CommitInfoAction>().Select(c => c.InCommitTimestamp).FirstOrDefault(t => t is not null);
            result.Add(new CommitTimestamp(ft.Version, ict ?? ft.Timestamp));
        }

        return result;
    }
}
