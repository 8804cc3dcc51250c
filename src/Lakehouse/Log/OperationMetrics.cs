using System.Globalization;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// A commit's <c>operationMetrics</c>, typed: the protocol stores them as strings, and a metric a writer did not record
/// (another engine, an older commit) reads as 0.
/// </summary>
public readonly record struct OperationMetrics(IReadOnlyDictionary<string, string>? Values)
{
    /// <summary>Rows a WRITE added (Bronze: the rows of the files it committed).</summary>
    public long OutputRows => Get(OperationMetricNames.NumOutputRows);

    public long TargetRowsInserted => Get(OperationMetricNames.NumTargetRowsInserted);

    public long TargetRowsUpdated => Get(OperationMetricNames.NumTargetRowsUpdated);

    public long TargetRowsDeleted => Get(OperationMetricNames.NumTargetRowsDeleted);

    /// <summary>The change-data rows a MERGE wrote: one per insert or delete, two (pre- and post-image) per update.</summary>
    public long ChangeDataRows => TargetRowsInserted + TargetRowsDeleted + (2 * TargetRowsUpdated);

    /// <summary>A metric by its name in the log; 0 when it is absent or not an integer.</summary>
    public long Get(string name) =>
        Values?.GetValueOrDefault(name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
