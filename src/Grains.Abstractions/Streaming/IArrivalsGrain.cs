namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>
/// The arrivals of one Event Hubs partition (key <c>&lt;hub&gt;/&lt;partition&gt;</c>, see <see cref="ArrivalStreams"/>):
/// turns each micro-batch of events into Bronze and quarantine commits, exactly once by sequence number.
/// </summary>
public interface IArrivalsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Commits one micro-batch (events in sequence order). Events at or below the partition's committed sequence number
    /// are dropped (a redelivery), so calling this twice with the same events adds nothing the second time.
    /// The stream provider's deliveries go through the same path.
    /// </summary>
    Task<ArrivalBatchResult> IngestAsync(IReadOnlyList<ArrivedEvent> events);

    /// <summary>What the partition has committed so far.</summary>
    Task<ArrivalsStatus> GetStatusAsync();
}
