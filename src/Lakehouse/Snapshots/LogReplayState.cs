using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>The mutable accumulator of log replay; a <see cref="Snapshot"/> freezes one.</summary>
internal sealed class LogReplayState
{
    public LogReplayState()
    {
    }

    public LogReplayState(Snapshot from)
    {
        Protocol = from.Protocol;
        Metadata = from.Metadata;
        Files = new Dictionary<ActiveFileKey, AddFileAction>(from.Files);
        Transactions = new Dictionary<string, long>(from.AppTransactions, StringComparer.Ordinal);
        Tombstones = new Dictionary<ActiveFileKey, RemoveFileAction>(from.Tombstones);
    }

    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public Dictionary<ActiveFileKey, AddFileAction> Files { get; } = [];

    public Dictionary<string, long> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Removes whose file has not been added back since, as replayed (a checkpoint holds only unexpired ones).</summary>
    public Dictionary<ActiveFileKey, RemoveFileAction> Tombstones { get; } = [];

    /// <summary>Applies one action; for a commit, call in file order (later actions of a commit win, as in the protocol).</summary>
    public void Apply(DeltaAction action)
    {
        switch (action)
        {
            case AddFileAction add:
                var added = Key(add.Path, add.DeletionVector);
                Files[added] = add;
                Tombstones.Remove(added);
                break;
            case RemoveFileAction remove:
                var removed = Key(remove.Path, remove.DeletionVector);
                Files.Remove(removed);
                Tombstones[removed] = remove;
                break;
            case MetadataAction metadata:
                Metadata = metadata;
                break;
            case ProtocolAction protocol:
                Protocol = protocol;
                break;
            case TxnAction txn:
                Transactions[txn.AppId] = txn.Version;
                break;
        }
    }

    public static ActiveFileKey Key(string logPath, DeletionVectorDescriptor? dv) => new(DeltaPath.Decode(logPath), dv?.UniqueId);
}
