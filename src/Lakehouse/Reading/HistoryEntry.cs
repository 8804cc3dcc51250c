using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>One commit of a table's history: its version, when it was committed (Unix ms) and its commitInfo, if it has one.</summary>
public sealed record HistoryEntry(long Version, long Timestamp, CommitInfoAction? CommitInfo)
{
    /// <summary>The commit's operation metrics, typed (all 0 when the commit has no commitInfo).</summary>
    public OperationMetrics Metrics => new(CommitInfo?.OperationMetrics);
}
