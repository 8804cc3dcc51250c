using System.Runtime.CompilerServices;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// The change data feed between two versions, inclusive: a version's <c>cdc</c> files when it has them, otherwise
/// its data-changing adds as <c>insert</c> and removes as <c>delete</c>. Each row is the table's columns followed by
/// <c>_change_type</c>, <c>_commit_version</c> and <c>_commit_timestamp</c> (the commitInfo timestamp, as delta-rs and
/// Spark report it).
/// </summary>
public static class TableChanges
{
    public const string ChangeTypeColumn = "_change_type";
    public const string CommitVersionColumn = "_commit_version";
    public const string CommitTimestampColumn = "_commit_timestamp";

    private static readonly StructField ChangeType = new(ChangeTypeColumn, PrimitiveType.String);

    /// <summary>
    /// Opens the feed. The schema is the end version's; the whole range is validated up front, so a version without
    /// change data fails here rather than half way through the stream.
    /// </summary>
    public static async Task<TableRows> ReadAsync(
        ILakeStorage storage, string tablePath, long fromVersion, long? toVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        tablePath ??= string.Empty;
        var end = await Snapshot.LoadAsync(storage, tablePath, toVersion, cancellationToken).ConfigureAwait(false);
        if (fromVersion > end.Version)
        {
            throw VersionNotFoundException.For(fromVersion, end.EarliestVersion, end.Version);
        }

        var listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
        var start = fromVersion == 0 ? null : await Snapshot.LoadAsync(storage, tablePath, fromVersion - 1, cancellationToken).ConfigureAwait(false);
        var commits = new List<ChangeCommit>();
        var enabled = start?.ChangeDataFeedEnabled ?? false;
        for (var v = fromVersion; v <= end.Version; v++)
        {
            if (!listing.Commits.TryGetValue(v, out var entry))
            {
                throw VersionNotFoundException.For(v, listing.Commits.Count > 0 ? listing.Commits.Keys[0] : 0, end.Version);
            }

            var bytes = await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
            var actions = DeltaLogJson.ParseCommit(bytes, entry.Path);
            foreach (var metadata in actions.OfType<MetadataAction>())
            {
                enabled = string.Equals(metadata.Configuration.GetValueOrDefault("delta.enableChangeDataFeed"), "true", StringComparison.OrdinalIgnoreCase);
            }

            var hasCdc = actions.Any(a => a is CdcFileAction);
            var changesData = actions.Any(a => a is AddFileAction { DataChange: true } or RemoveFileAction { DataChange: true });
            if (!enabled && !hasCdc && changesData)
            {
                throw ChangeDataNotEnabledException.For(v);
            }

            var info = actions.OfType<CommitInfoAction>().FirstOrDefault();
            var timestamp = info?.InCommitTimestamp ?? info?.Timestamp ?? entry.LastModified.ToUnixTimeMilliseconds();
            commits.Add(new ChangeCommit(v, DateTime.UnixEpoch.AddMilliseconds(timestamp), actions));
        }

        var schema = new StructType(
        [
            .. end.Schema.Fields, ChangeType, new StructField(CommitVersionColumn, PrimitiveType.Long),
            new StructField(CommitTimestampColumn, PrimitiveType.Timestamp),
        ]);
        return new TableRows(schema, StreamAsync(storage, tablePath, end, commits, cancellationToken));
    }

    /// <summary>
    /// What the versions left behind: their <c>insert</c> and <c>update_postimage</c> rows in commit order, as rows of
    /// the end version's schema (deletes and pre-images are skipped), each with the version that committed it.
    /// </summary>
    public static async IAsyncEnumerable<PostImage> ReadPostImagesAsync(
        ILakeStorage storage, string tablePath, long fromVersion, long toVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var changes = await ReadAsync(storage, tablePath, fromVersion, toVersion, cancellationToken).ConfigureAwait(false);
        var width = changes.Schema.Fields.Count - 3;
        await foreach (var row in changes.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row[width] is "insert" or "update_postimage")
            {
                yield return new PostImage(row[..width], (long)row[width + 1]!);
            }
        }
    }

    private static async IAsyncEnumerable<object?[]> StreamAsync(
        ILakeStorage storage, string tablePath, Snapshot end, List<ChangeCommit> commits, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var width = end.Schema.Fields.Count;
        foreach (var commit in commits)
        {
            var cdc = commit.Actions.OfType<CdcFileAction>().ToList();
            if (cdc.Count > 0)
            {
                foreach (var file in cdc)
                {
                    var path = Snapshot.ResolvePath(tablePath, file.Path);
                    await foreach (var row in TableReader.ReadFileAsync(storage, path, commit.Version, end.Schema, end.PartitionColumns, file.PartitionValues, [ChangeType], cancellationToken)
                                       .ConfigureAwait(false))
                    {
                        yield return Stamp(row, width, null, commit);
                    }
                }

                continue;
            }

            Snapshot? before = null;
            foreach (var action in commit.Actions)
            {
                switch (action)
                {
                    case AddFileAction { DataChange: true } add:
                        await foreach (var row in TableReader.ReadFileAsync(
                                           storage, Snapshot.ResolvePath(tablePath, add.Path), commit.Version, end.Schema, end.PartitionColumns, add.PartitionValues, null, cancellationToken)
                                           .ConfigureAwait(false))
                        {
                            yield return Stamp(row, width, "insert", commit);
                        }

                        break;
                    case RemoveFileAction { DataChange: true } remove:
                        var partitionValues = remove.PartitionValues;
                        if (partitionValues is null && end.PartitionColumns.Count > 0)
                        {
                            // Old writers omit partition values on removes: take them from the add being removed.
                            before ??= await Snapshot.LoadAsync(storage, tablePath, commit.Version - 1, cancellationToken).ConfigureAwait(false);
                            partitionValues = before.Files.GetValueOrDefault(new ActiveFileKey(DeltaPath.Decode(remove.Path), remove.DeletionVector?.UniqueId))?.PartitionValues;
                        }

                        await foreach (var row in TableReader.ReadFileAsync(
                                           storage, Snapshot.ResolvePath(tablePath, remove.Path), commit.Version - 1, end.Schema, end.PartitionColumns, partitionValues, null, cancellationToken)
                                           .ConfigureAwait(false))
                        {
                            yield return Stamp(row, width, "delete", commit);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>Widens a table row with the three change columns; a cdc row already carries its change type at <paramref name="width"/>.</summary>
    private static object?[] Stamp(object?[] row, int width, string? changeType, ChangeCommit commit)
    {
        var result = new object?[width + 3];
        Array.Copy(row, result, Math.Min(row.Length, width + 1));
        if (changeType is not null)
        {
            result[width] = changeType;
        }

        result[width + 1] = commit.Version;
        result[width + 2] = commit.Timestamp;
        return result;
    }

    private sealed record ChangeCommit(long Version, DateTime Timestamp, IReadOnlyList<DeltaAction> Actions);
}
