using Azure.Messaging.EventHubs;
using Kardiaflow.Grains.Abstractions.Streaming;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Kardiaflow.Grains.Streaming;

/// <summary>
/// Maps plain Event Hubs events (a JSON record body and a <c>dataset</c> application property, published by any
/// producer) onto the Orleans Event Hubs provider: every event of partition P of hub H goes to stream
/// (<see cref="ArrivalStreams.Namespace"/>, <c>H/P</c>), so one grain per partition sees the partition's events in
/// sequence order. The provider's own format (an Orleans-serialized body, a stream namespace property) is not used.
/// </summary>
public sealed class ArrivalsDataAdapter(Serializer serializer, string hub) : EventHubDataAdapter(serializer)
{
    /// <summary>The application property that names an event's dataset (docs/data-contract.md, Streamed arrivals).</summary>
    public const string DatasetProperty = "dataset";

    public override StreamPosition GetStreamPosition(string partition, EventData queueMessage)
    {
        ArgumentNullException.ThrowIfNull(queueMessage);
        var streamId = StreamId.Create(ArrivalStreams.Namespace, ArrivalStreams.Key(hub, partition));
        return new StreamPosition(streamId, new EventHubSequenceTokenV2(queueMessage.OffsetString, queueMessage.SequenceNumber, 0));
    }

    public override IBatchContainer GetBatchContainer(ref CachedMessage cachedMessage)
    {
        // The segment as written by EncodeMessageIntoSegment: offset first (the provider's GetOffset reads it), then
        // partition key, dataset, the dataset property's type when it is not a string, and the body.
        var read = 0;
        var offset = SegmentBuilder.ReadNextString(cachedMessage.Segment, ref read) ?? "";
        var partitionKey = SegmentBuilder.ReadNextString(cachedMessage.Segment, ref read);
        var dataset = SegmentBuilder.ReadNextString(cachedMessage.Segment, ref read);
        var datasetType = SegmentBuilder.ReadNextString(cachedMessage.Segment, ref read);
        var body = SegmentBuilder.ReadNextBytes(cachedMessage.Segment, ref read).ToArray();
        var arrived = new ArrivedEvent(cachedMessage.SequenceNumber, offset, cachedMessage.EnqueueTimeUtc, partitionKey, dataset, datasetType, body);
        return new ArrivalBatchContainer(cachedMessage.StreamId, arrived, new EventHubSequenceTokenV2(offset, cachedMessage.SequenceNumber, 0));
    }

    public override StreamSequenceToken GetSequenceToken(ref CachedMessage cachedMessage)
    {
        var read = 0;
        var offset = SegmentBuilder.ReadNextString(cachedMessage.Segment, ref read) ?? "";
        return new EventHubSequenceTokenV2(offset, cachedMessage.SequenceNumber, 0);
    }

    protected override ArraySegment<byte> EncodeMessageIntoSegment(EventData queueMessage, Func<int, ArraySegment<byte>> getSegment)
    {
        ArgumentNullException.ThrowIfNull(queueMessage);
        ArgumentNullException.ThrowIfNull(getSegment);
        string? dataset = null, datasetType = null;
        if (queueMessage.Properties.TryGetValue(DatasetProperty, out var value) && value is not null)
        {
            if (value is string text)
            {
                dataset = text;
            }
            else
            {
                datasetType = value.GetType().Name;
            }
        }

        var offset = queueMessage.OffsetString;
        var body = queueMessage.Body.Span;
        var size = SegmentBuilder.CalculateAppendSize(offset) + SegmentBuilder.CalculateAppendSize(queueMessage.PartitionKey)
            + SegmentBuilder.CalculateAppendSize(dataset) + SegmentBuilder.CalculateAppendSize(datasetType)
            + SegmentBuilder.CalculateAppendSize(body);
        var segment = getSegment(size);
        var write = 0;
        SegmentBuilder.Append(segment, ref write, offset);
        SegmentBuilder.Append(segment, ref write, queueMessage.PartitionKey);
        SegmentBuilder.Append(segment, ref write, dataset);
        SegmentBuilder.Append(segment, ref write, datasetType);
        SegmentBuilder.Append(segment, ref write, body);
        return segment;
    }
}
