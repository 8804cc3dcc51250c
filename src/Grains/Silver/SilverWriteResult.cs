namespace Kardiaflow.Grains.Silver;

/// <summary>
/// What one batch did to a Silver table: the version it committed (or found committed under the same txn), its row
/// counts, and the keys it skipped because the table already held them (first-occurrence tables).
/// </summary>
public sealed record SilverWriteResult(
    long Version, bool AlreadyCommitted, long Inserted, long Updated, long Unchanged, IReadOnlySet<string> SkippedKeys);
