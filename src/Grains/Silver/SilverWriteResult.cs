namespace Kardiaflow.Grains.Silver;

/// <summary>
/// What one batch did to a Silver table: the version it committed (or found committed under the same txn), its row
/// counts, the keys it skipped because the table already held them (first-occurrence tables), and for a table with
/// served columns the keys it inserted or whose served columns it changed (null when the batch was committed before:
/// then which keys it changed is not known).
/// </summary>
public sealed record SilverWriteResult(
    long Version, bool AlreadyCommitted, long Inserted, long Updated, long Unchanged, IReadOnlySet<string> SkippedKeys,
    IReadOnlySet<string>? ServedChanged = null);
