namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// A partition's progress. <see cref="CommittedSequenceNumber"/> is a cache: the tables' <c>txn</c> versions are the
/// truth, and a lost state only costs re-reading them for redelivered events.
/// </summary>
[GenerateSerializer]
public sealed class ArrivalsState
{
    [Id(0)] public long CommittedSequenceNumber { get; set; } = -1;

    [Id(1)] public long BronzeRows { get; set; }

    [Id(2)] public long Quarantined { get; set; }

    [Id(3)] public long Redelivered { get; set; }

    [Id(4)] public DateTime? NewestEnqueuedTimeUtc { get; set; }
}
