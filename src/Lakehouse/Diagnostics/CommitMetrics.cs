using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kardiaflow.Lakehouse.Diagnostics;

/// <summary>
/// The engine's meter (<see cref="MeterName"/>): how long each commit took to land in the log, lost races included,
/// tagged with the table path and the operation. Costs nothing unless a listener (OpenTelemetry) subscribes.
/// </summary>
public static class CommitMetrics
{
    public const string MeterName = "Kardiaflow.Lakehouse";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "kardiaflow.lake.commit.duration", "s", "Time to write a Delta commit to the table's log, retries after lost races included.");

    internal static void Record(string tablePath, string operation, long startTimestamp, bool alreadyCommitted)
    {
        if (!Duration.Enabled)
        {
            return;
        }

        Duration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("table", tablePath),
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("already_committed", alreadyCommitted));
    }
}
