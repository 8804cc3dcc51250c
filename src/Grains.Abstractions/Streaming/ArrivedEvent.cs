namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>
/// One Event Hubs event as the arrivals grains see it (docs/data-contract.md, Streamed arrivals): the body is one record as a JSON object, the
/// application property <c>dataset</c> names its dataset. <paramref name="Dataset"/> is that property when it is a
/// string; <paramref name="DatasetPropertyType"/> names the property's type when it is present but not a string.
/// </summary>
/// <param name="SequenceNumber">The event's sequence number in its partition: its <c>_source_row</c>.</param>
/// <param name="Offset">The event's offset in its partition, as Event Hubs reports it.</param>
/// <param name="EnqueuedTimeUtc">When Event Hubs accepted the event.</param>
/// <param name="PartitionKey">The partition key the publisher chose (the record's key), or null.</param>
[GenerateSerializer, Immutable]
public sealed record ArrivedEvent(
    [property: Id(0)] long SequenceNumber,
    [property: Id(1)] string Offset,
    [property: Id(2)] DateTime EnqueuedTimeUtc,
    [property: Id(3)] string? PartitionKey,
    [property: Id(4)] string? Dataset,
    [property: Id(5)] string? DatasetPropertyType,
    [property: Id(6)] byte[] Body);
