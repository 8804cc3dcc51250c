using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// Micro-batching of streamed arrivals (configuration section <c>Kardiaflow:Arrivals</c>). A micro-batch is one delivery
/// of the Event Hubs pulling agent to a partition's arrivals grain, committed before the delivery is acknowledged
/// (docs/adr/streamed-arrivals.md): by count, at most <see cref="MaxBatchEvents"/> events; by time, the events the agent
/// read from the partition in one pull, which it does every <see cref="MaxBatchDelay"/>.
/// </summary>
public sealed class ArrivalsOptions
{
    public const string SectionName = "Kardiaflow:Arrivals";

    /// <summary>Events per micro-batch (and Bronze commit) at most.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 2_000;

    /// <summary>How often the pulling agent reads each partition: an event waits at most this long before its batch starts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
