using Orleans.Runtime;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Kardiaflow.EventHubs.Tests.Orleans;

/// <summary>One event published by a plain <c>EventHubProducerClient</c>: its body as text, delivered as a stream item.</summary>
[GenerateSerializer, Immutable]
public sealed class RawEventBatchContainer : IBatchContainer
{
    public RawEventBatchContainer(StreamId streamId, EventHubSequenceTokenV2 token, string body)
    {
        StreamId = streamId;
        Token = token;
        Body = body;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public EventHubSequenceTokenV2 Token { get; }

    [Id(2)]
    public string Body { get; }

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Body is T item ? [Tuple.Create(item, (StreamSequenceToken)Token)] : [];

    public bool ImportRequestContext() => false;
}
