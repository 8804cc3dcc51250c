namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>
/// A partition's arrivals so far: the highest sequence number committed (-1 before the first), the events committed to
/// Bronze and to quarantine by this grain, the redelivered events it dropped, and the newest committed event's enqueued
/// time (null before the first).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ArrivalsStatus(
    [property: Id(0)] string Partition,
    [property: Id(1)] long CommittedSequenceNumber,
    [property: Id(2)] long BronzeRows,
    [property: Id(3)] long Quarantined,
    [property: Id(4)] long Redelivered,
    [property: Id(5)] DateTime? NewestEnqueuedTimeUtc);
