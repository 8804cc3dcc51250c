namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>Log replay identity of a data file: its decoded path plus the deletion vector's unique id (null without one).</summary>
public readonly record struct ActiveFileKey(string Path, string? DeletionVectorId);
