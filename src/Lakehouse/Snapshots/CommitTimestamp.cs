namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>
/// When a version was committed, in Unix milliseconds: the in-commit timestamp when the commit has one, otherwise the
/// commit file's modification time (what Spark and delta-rs use for time travel), made strictly increasing.
/// </summary>
public sealed record CommitTimestamp(long Version, long Timestamp);
