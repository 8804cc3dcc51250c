using System.Text;
using Azure.Messaging.EventHubs;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Kardiaflow.EventHubs.Tests.Orleans;

/// <summary>
/// Reads events that were not written by Orleans: the stream is (<see cref="Namespace"/>, partition key) and the item
/// is the body as text. The provider's default adapter expects Orleans-serialized bodies.
/// </summary>
public sealed class RawEventDataAdapter(Serializer serializer) : EventHubDataAdapter(serializer)
{
    public const string Namespace = "arrivals";

    public override StreamId GetStreamIdentity(EventData queueMessage) =>
        StreamId.Create(Namespace, queueMessage.PartitionKey ?? "(none)");

    protected override IBatchContainer GetBatchContainer(EventHubMessage eventHubMessage) =>
        new RawEventBatchContainer(
            eventHubMessage.StreamId,
            new EventHubSequenceTokenV2(eventHubMessage.Offset, eventHubMessage.SequenceNumber, 0),
            Encoding.UTF8.GetString(eventHubMessage.Payload));
}
