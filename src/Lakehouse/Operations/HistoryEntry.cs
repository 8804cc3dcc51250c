using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>One commit of a table's history: its version, when it was committed (Unix ms) and its commitInfo, if it has one.</summary>
public sealed record HistoryEntry(long Version, long Timestamp, CommitInfoAction? CommitInfo);
