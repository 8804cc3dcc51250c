using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// What write operations need to know about the version they start from: a narrow view of a snapshot, so the
/// operations do not depend on how snapshots are loaded.
/// </summary>
internal sealed record TableState(
    long Version,
    ProtocolAction Protocol,
    MetadataAction Metadata,
    IReadOnlyCollection<AddFileAction> Files,
    IReadOnlyDictionary<string, long> AppTransactions)
{
    public bool ChangeDataFeed =>
        Metadata.Configuration.TryGetValue("delta.enableChangeDataFeed", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when (appId, version) is already in the table: the caller's retry of a commit that succeeded.</summary>
    public bool HasCommitted(TxnAction? txn) => txn is not null && AppTransactions.TryGetValue(txn.AppId, out var v) && v >= txn.Version;

    /// <summary>How many of <paramref name="txns"/> this version already has.</summary>
    public int CountCommitted(IReadOnlyList<TxnAction> txns) => txns.Count(HasCommitted);
}
