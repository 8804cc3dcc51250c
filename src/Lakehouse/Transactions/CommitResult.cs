namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// The outcome of a commit: the table version that holds it and whether the commit was skipped because its
/// <c>txn</c> (appId, version) was already in the table — the idempotent-retry case — in which case
/// <see cref="Version"/> is the table version the caller can read.
/// </summary>
public sealed record CommitResult(long Version, bool AlreadyCommitted);
