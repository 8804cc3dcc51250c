using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// Everything the committer needs to write one version and to judge conflicts if it loses the race.
/// </summary>
/// <param name="ReadVersion">The version the operation read; -1 when it creates the table.</param>
/// <param name="Actions">The operation's actions; commitInfo and the txn action are added by the committer.</param>
/// <param name="ReadFiles">Files (log paths) whose contents the operation depended on; a concurrent remove of any is a conflict.</param>
/// <param name="IsBlindAppend">True when the operation only adds files and read nothing.</param>
internal sealed record CommitRequest(
    long ReadVersion,
    IReadOnlyList<DeltaAction> Actions,
    string Operation,
    IReadOnlyDictionary<string, string>? Parameters,
    IReadOnlyDictionary<string, string>? Metrics,
    TxnAction? Txn,
    IReadOnlyCollection<string> ReadFiles,
    bool IsBlindAppend);
