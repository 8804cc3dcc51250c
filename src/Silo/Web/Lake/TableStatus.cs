namespace Kardiaflow.Silo.Web.Lake;

/// <summary>
/// One table as the lake watch last saw it: latest version (-1 when the table does not exist yet), rows (from the files'
/// statistics), the latest commit's time, the txn versions by application id, and when each version was committed.
/// </summary>
public sealed record TableStatus(
    WatchedTable Table,
    long Version,
    long Rows,
    DateTimeOffset? LastCommit,
    IReadOnlyDictionary<string, long> AppTransactions,
    IReadOnlyDictionary<long, long> CommitTimestamps)
{
    public static TableStatus Missing(WatchedTable table) =>
        new(table, -1, 0, null, new Dictionary<string, long>(), new Dictionary<long, long>());
}
