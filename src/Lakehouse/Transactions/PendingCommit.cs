using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// Everything the committer needs to write one version and to judge conflicts if it loses the race.
/// </summary>
/// <param name="ReadVersion">The version the operation read; -1 when it creates the table.</param>
/// <param name="Actions">The operation's actions; commitInfo and the txn action are added by the committer.</param>
/// <param name="ReadFiles">Files (log paths) whose contents the operation depended on; a concurrent remove of any is a conflict.</param>
/// <param name="IsBlindAppend">True when the operation only adds files and read nothing.</param>
/// <param name="CommitTimestamp">The commit's timestamp (commitInfo.timestamp); null for the time of the commit. Writers that
/// stamp rows with their commit's time before writing the data files pass the time they stamped.</param>
/// <param name="ReadPredicate">The rows a MERGE or DELETE would have matched; a winner that added a file which may hold one is a
/// conflict. Null for operations whose outcome does not depend on rows added concurrently (appends, overwrites, which already
/// list every file they replace in <paramref name="ReadFiles"/>).</param>
internal sealed record PendingCommit(
    long ReadVersion,
    IReadOnlyList<DeltaAction> Actions,
    string Operation,
    IReadOnlyDictionary<string, string>? Parameters,
    IReadOnlyDictionary<string, string>? Metrics,
    TxnAction? Txn,
    IReadOnlyCollection<string> ReadFiles,
    bool IsBlindAppend,
    DateTimeOffset? CommitTimestamp = null,
    ReadPredicate? ReadPredicate = null)
{
    /// <summary>Every application transaction this commit carries: <see cref="Txn"/> and any txn among the actions.</summary>
    public IReadOnlyList<TxnAction> AllTxns()
    {
        var all = Actions.OfType<TxnAction>().Where(t => Txn is null || t.AppId != Txn.AppId).ToList();
        if (Txn is not null)
        {
            all.Insert(0, Txn);
        }

        return all;
    }
}
