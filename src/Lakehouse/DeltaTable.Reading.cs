using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse;

/// <summary>The read side of the facade: rows at a version, the change feed and the history, through the same operations the CLI uses.</summary>
public sealed partial class DeltaTable
{
    /// <summary>
    /// Streams the rows of <paramref name="version"/>, or of the newest version (after loading other writers' commits)
    /// when null. <see cref="VersionNotFoundException"/> when the version is not in the log.
    /// </summary>
    public async Task<TableRows> ReadAsync(long? version, CancellationToken cancellationToken)
    {
        var snapshot = version is null
            ? await RefreshAsync(cancellationToken).ConfigureAwait(false)
            : version == Snapshot.Version
                ? Snapshot
                : await Snapshot.LoadAsync(_storage, TablePath, version, cancellationToken).ConfigureAwait(false);
        return TableReader.Read(snapshot, cancellationToken);
    }

    /// <summary>
    /// The change data feed from <paramref name="fromVersion"/> to <paramref name="toVersion"/> (newest when null),
    /// inclusive: table columns plus <c>_change_type</c>, <c>_commit_version</c> and <c>_commit_timestamp</c> (see <see cref="TableChanges"/>).
    /// </summary>
    public Task<TableRows> ChangesAsync(long fromVersion, long? toVersion, CancellationToken cancellationToken) =>
        TableChanges.ReadAsync(_storage, TablePath, fromVersion, toVersion, cancellationToken);

    /// <summary>The commits still in the log, newest first, at most <paramref name="limit"/> of them (all when null).</summary>
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken) =>
        TableHistory.ReadAsync(_storage, TablePath, limit, cancellationToken);
}
