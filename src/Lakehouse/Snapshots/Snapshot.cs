using Kardiaflow.Lakehouse.Checkpoints;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>
/// The state of a Delta table at one version, built by log replay: the newest complete checkpoint at or below the
/// version, then every later commit in order. Immutable; <see cref="UpdateAsync"/> returns a newer snapshot.
/// </summary>
public sealed class Snapshot
{
    private Snapshot(
        ILakeStorage storage, string tablePath, long version, LogReplayState state, long timestamp,
        IReadOnlyList<CommitTimestamp> commitTimestamps, long earliestVersion, long? checkpointVersion)
    {
        Storage = storage;
        TablePath = tablePath;
        Version = version;
        Protocol = state.Protocol!;
        Metadata = state.Metadata!;
        Files = state.Files;
        AppTransactions = state.Transactions;
        Tombstones = state.Tombstones;
        Timestamp = timestamp;
        CommitTimestamps = commitTimestamps;
        EarliestVersion = earliestVersion;
        CheckpointVersion = checkpointVersion;
    }

    public ILakeStorage Storage { get; }

    /// <summary>The table's folder relative to the storage root ("" when the root is the table).</summary>
    public string TablePath { get; }

    public long Version { get; }

    public ProtocolAction Protocol { get; }

    public MetadataAction Metadata { get; }

    public StructType Schema => Metadata.Schema;

    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>Active data files keyed by (decoded path, deletion-vector id).</summary>
    public IReadOnlyDictionary<ActiveFileKey, AddFileAction> Files { get; }

    /// <summary>
    /// Files removed and not added back, keyed like <see cref="Files"/>: every remove replayed from the commits after the
    /// checkpoint, plus the checkpoint's (the ones younger than the deleted-file retention when it was written).
    /// Reading rows never needs them; vacuum and checkpoints do, so that no engine deletes a file a version within the
    /// retention still lists.
    /// </summary>
    public IReadOnlyDictionary<ActiveFileKey, RemoveFileAction> Tombstones { get; }

    /// <summary>Latest committed version per application id (<c>txn</c> actions).</summary>
    public IReadOnlyDictionary<string, long> AppTransactions { get; }

    /// <summary>Commit timestamp of <see cref="Version"/>, Unix milliseconds (see <see cref="CommitTimestamp"/>).</summary>
    public long Timestamp { get; }

    /// <summary>Timestamps of every version up to <see cref="Version"/> that still has a commit file, ascending.</summary>
    public IReadOnlyList<CommitTimestamp> CommitTimestamps { get; }

    /// <summary>The oldest version the remaining log can reconstruct.</summary>
    public long EarliestVersion { get; }

    /// <summary>The checkpoint replay started from, if any.</summary>
    public long? CheckpointVersion { get; }

    public bool ChangeDataFeedEnabled =>
        string.Equals(Metadata.Configuration.GetValueOrDefault("delta.enableChangeDataFeed"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Storage path of a file named in the log (URI-decoded exactly once, relative to the table).</summary>
    public string ResolvePath(string logPath) => ResolvePath(TablePath, logPath);

    public static string ResolvePath(string tablePath, string logPath)
    {
        ArgumentNullException.ThrowIfNull(logPath);
        if (logPath.Contains("://", StringComparison.Ordinal) || logPath.StartsWith('/'))
        {
            throw UnsupportedFeatureException.For("absolutePaths", $"the log names the data file '{logPath}' by absolute URI (a shallow clone?).");
        }

        var relative = DeltaPath.Decode(logPath);
        return string.IsNullOrEmpty(tablePath) ? relative : tablePath.TrimEnd('/') + "/" + relative;
    }

    /// <summary>Loads the table at <paramref name="version"/>, or at its latest version when null.</summary>
    public static async Task<Snapshot> LoadAsync(ILakeStorage storage, string tablePath, long? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        tablePath ??= string.Empty;
        var listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(storage, listing, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads the latest version committed at or before <paramref name="timestamp"/>. A timestamp before the first
    /// version still in the log gives that version (as delta-rs does); one after the last gives the latest.
    /// </summary>
    public static async Task<Snapshot> LoadAsOfAsync(ILakeStorage storage, string tablePath, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        tablePath ??= string.Empty;
        var listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
        var latest = await LoadAsync(storage, listing, null, cancellationToken).ConfigureAwait(false);
        var query = timestamp.ToUnixTimeMilliseconds();
        var timestamps = await CommitTimestampResolver.ResolveAsync(latest, listing, cancellationToken).ConfigureAwait(false);
        long? chosen = null;
        foreach (var ct in timestamps)
        {
            if (ct.Version >= latest.EarliestVersion && ct.Timestamp <= query)
            {
                chosen = ct.Version;
            }
        }

        chosen ??= latest.EarliestVersion;
        return chosen == latest.Version ? latest : await LoadAsync(storage, listing, chosen, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays commits newer than this snapshot; returns this instance when there are none.</summary>
    public async Task<Snapshot> UpdateAsync(CancellationToken cancellationToken)
    {
        var listing = await DeltaLogListing.ListAsync(Storage, TablePath, cancellationToken, fromVersion: Version + 1).ConfigureAwait(false);
        var latest = listing.LatestVersion;
        if (latest <= Version)
        {
            return this;
        }

        var contiguous = true;
        for (var v = Version + 1; v <= latest && contiguous; v++)
        {
            contiguous = listing.Commits.ContainsKey(v);
        }

        if (!contiguous)
        {
            // Commits were cleaned up behind a newer checkpoint: start over from it.
            return await LoadAsync(Storage, TablePath, null, cancellationToken).ConfigureAwait(false);
        }

        var state = new LogReplayState(this);
        var timestamps = new List<CommitTimestamp>(CommitTimestamps);
        var previous = timestamps.Count > 0 ? timestamps[^1].Timestamp : long.MinValue;
        for (var v = Version + 1; v <= latest; v++)
        {
            var ts = await ReplayCommitAsync(Storage, listing.Commits[v], state, cancellationToken).ConfigureAwait(false);
            previous = Math.Max(ts, previous + 1);
            timestamps.Add(new CommitTimestamp(v, previous));
        }

        Validate(state, listing, latest);
        return new Snapshot(Storage, TablePath, latest, state, timestamps[^1].Timestamp, timestamps, EarliestVersion, CheckpointVersion);
    }

    internal static async Task<Snapshot> LoadAsync(ILakeStorage storage, DeltaLogListing listing, long? version, CancellationToken cancellationToken)
    {
        var latest = listing.LatestVersion;
        if (latest < 0)
        {
            if (listing.HasV2Checkpoints)
            {
                throw UnsupportedFeatureException.For("v2Checkpoint", "the log starts at a v2 (UUID-named) checkpoint, which this engine does not read.");
            }

            throw TableNotFoundException.For(storage.Root, listing.TablePath);
        }

        var earliest = EarliestLoadable(listing);
        var target = version ?? latest;
        if (target > latest || target < earliest)
        {
            throw VersionNotFoundException.For(target, earliest, latest);
        }

        var checkpoint = listing.Checkpoints.Values.LastOrDefault(c => c.IsComplete && c.Version <= target);
        var state = new LogReplayState();
        if (checkpoint is not null)
        {
            await CheckpointReader.ReadAsync(storage, checkpoint, state.Apply, cancellationToken).ConfigureAwait(false);
        }

        var start = checkpoint is null ? 0 : checkpoint.Version + 1;
        var inCommit = new Dictionary<long, long>();
        for (var v = start; v <= target; v++)
        {
            if (!listing.Commits.TryGetValue(v, out var entry))
            {
                throw CorruptLogException.At(
                    DeltaLogListing.LogPrefix(listing.TablePath) + DeltaPath.CommitFileName(v), null,
                    $"the commit file is missing although version {target} needs it");
            }

            var ict = await ReplayCommitAsync(storage, entry, state, cancellationToken, onlyInCommitTimestamp: true).ConfigureAwait(false);
            if (ict != long.MinValue)
            {
                inCommit[v] = ict;
            }
        }

        Validate(state, listing, target);
        var timestamps = MergeTimestamps(listing.FileTimestamps(), inCommit, target);
        var timestamp = timestamps.Count > 0 && timestamps[^1].Version == target
            ? timestamps[^1].Timestamp
            : checkpoint!.Parts[0].LastModified.ToUnixTimeMilliseconds();
        return new Snapshot(storage, listing.TablePath, target, state, timestamp, timestamps, earliest, checkpoint?.Version);
    }

    /// <summary>The oldest version reconstructable: 0 when commit 0 exists, else the oldest complete checkpoint.</summary>
    internal static long EarliestLoadable(DeltaLogListing listing)
    {
        if (listing.Commits.ContainsKey(0))
        {
            return 0;
        }

        var first = listing.Checkpoints.Values.FirstOrDefault(c => c.IsComplete);
        return first?.Version ?? (listing.Commits.Count > 0 ? listing.Commits.Keys[0] : 0);
    }

    /// <summary>Applies one commit file; returns its in-commit timestamp when it has one (else the file time, or MinValue).</summary>
    private static async Task<long> ReplayCommitAsync(
        ILakeStorage storage, StorageEntry entry, LogReplayState state, CancellationToken cancellationToken, bool onlyInCommitTimestamp = false)
    {
        var bytes = await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
        var result = onlyInCommitTimestamp ? long.MinValue : entry.LastModified.ToUnixTimeMilliseconds();
        foreach (var action in DeltaLogJson.ParseCommit(bytes, entry.Path))
        {
            state.Apply(action);
            if (action is CommitInfoAction { InCommitTimestamp: { } ict })
            {
                result = ict;
            }
        }

        return result;
    }

    private static List<CommitTimestamp> MergeTimestamps(IReadOnlyList<CommitTimestamp> fileTimes, Dictionary<long, long> inCommit, long target)
    {
        var result = new List<CommitTimestamp>();
        var previous = long.MinValue;
        foreach (var ft in fileTimes)
        {
            if (ft.Version > target)
            {
                break;
            }

            var ts = inCommit.TryGetValue(ft.Version, out var ict) ? ict : Math.Max(ft.Timestamp, previous + 1);
            result.Add(new CommitTimestamp(ft.Version, ts));
            previous = ts;
        }

        return result;
    }

    private static void Validate(LogReplayState state, DeltaLogListing listing, long version)
    {
        var where = DeltaLogListing.LogPrefix(listing.TablePath);
        if (state.Protocol is null)
        {
            throw CorruptLogException.At(where, null, $"no protocol action up to version {version}");
        }

        if (state.Metadata is null)
        {
            throw CorruptLogException.At(where, null, $"no metaData action up to version {version}");
        }

        ReaderFeatureGate.EnsureReadable(state.Protocol, state.Metadata);
    }
}
