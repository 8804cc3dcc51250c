using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Checkpoints;

/// <summary>
/// Replays the log up to one version (from the closest earlier checkpoint) keeping what a checkpoint must hold and a
/// reading snapshot does not: txn timestamps and the remove tombstones still within the deleted-file retention, so
/// other engines' VACUUM keeps the files recent versions need.
/// </summary>
internal static class CheckpointBuilder
{
    public static async Task WriteCheckpointAsync(ILakeStorage storage, string tablePath, long version, CancellationToken cancellationToken)
    {
        // Look back a bounded window first: the previous checkpoint is normally one interval behind.
        var listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken, Math.Max(0, version - 1000)).ConfigureAwait(false);
        var start = listing.Checkpoints.Values.Where(c => c.IsComplete && c.Version <= version).Select(c => (CheckpointFiles?)c).LastOrDefault();
        if (start is null && version >= 1000)
        {
            listing = await DeltaLogListing.ListAsync(storage, tablePath, cancellationToken).ConfigureAwait(false);
            start = listing.Checkpoints.Values.Where(c => c.IsComplete && c.Version <= version).Select(c => (CheckpointFiles?)c).LastOrDefault();
        }

        if (start is { } existing && existing.Version == version)
        {
            return;
        }

        var state = new Replay();
        if (start is not null)
        {
            await CheckpointReader.ReadAsync(storage, start, state.Apply, cancellationToken).ConfigureAwait(false);
        }

        for (var v = (start?.Version ?? -1) + 1; v <= version; v++)
        {
            if (!listing.Commits.TryGetValue(v, out var entry))
            {
                // Without every commit since the last checkpoint the state would be wrong; skip this checkpoint.
                return;
            }

            var bytes = await storage.ReadAllBytesAsync(entry.Path, cancellationToken).ConfigureAwait(false);
            foreach (var action in DeltaLogJson.ParseCommit(bytes, entry.Path))
            {
                state.Apply(action);
            }
        }

        if (state.Protocol is null || state.Metadata is null)
        {
            return;
        }

        // Tombstones come from the previous checkpoint as well as the commits since: a checkpoint must carry every one
        // still within the retention, or an engine vacuuming from this checkpoint deletes files recent versions list.
        var cutoff = DateTimeOffset.UtcNow.Add(-RetentionDuration.DeletedFileRetention(state.Metadata)).ToUnixTimeMilliseconds();
        await CheckpointWriter.WriteAsync(
            storage, tablePath, version, state.Protocol, state.Metadata, state.Txns.Values, state.Adds.Values,
            state.Tombstones.Values.Where(r => (r.DeletionTimestamp ?? long.MaxValue) >= cutoff), cancellationToken).ConfigureAwait(false);
    }

    private sealed class Replay
    {
        public ProtocolAction? Protocol { get; private set; }

        public MetadataAction? Metadata { get; private set; }

        public Dictionary<string, TxnAction> Txns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, AddFileAction> Adds { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, RemoveFileAction> Tombstones { get; } = new(StringComparer.Ordinal);

        public void Apply(DeltaAction action)
        {
            switch (action)
            {
                case AddFileAction add:
                    var addKey = DeltaPath.Decode(add.Path);
                    Adds[addKey] = add;
                    Tombstones.Remove(addKey);
                    break;
                case RemoveFileAction remove:
                    var removeKey = DeltaPath.Decode(remove.Path);
                    Adds.Remove(removeKey);
                    Tombstones[removeKey] = remove;
                    break;
                case MetadataAction metadata: Metadata = metadata; break;
                case ProtocolAction protocol: Protocol = protocol; break;
                case TxnAction txn: Txns[txn.AppId] = txn; break;
                default: break;
            }
        }
    }
}
