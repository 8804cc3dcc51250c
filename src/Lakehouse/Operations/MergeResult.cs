namespace Kardiaflow.Lakehouse.Operations;

/// <summary>
/// What a merge did. <see cref="Version"/> is the committed version (or, when nothing changed or the txn was already
/// committed, the version the caller can read); <see cref="Unchanged"/> counts upserts identical to the target row,
/// which are not rewritten and produce no change rows.
/// </summary>
public sealed record MergeResult(long Version, bool AlreadyCommitted, long Inserted, long Updated, long Deleted, long Unchanged);
