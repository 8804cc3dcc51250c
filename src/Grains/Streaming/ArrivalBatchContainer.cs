using Kardiaflow.Grains.Abstractions.Streaming;
using Orleans.Runtime;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Kardiaflow.Grains.Streaming;

/// <summary>One Event Hubs event on its way from the pulling agent to the partition's <see cref="ArrivalsGrain"/>.</summary>
[GenerateSerializer, Immutable]
public sealed class ArrivalBatchContainer(StreamId streamId, ArrivedEvent arrived, EventHubSequenceTokenV2 token) : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; } = streamId;

    [Id(1)] public ArrivedEvent Event { get; } = arrived;

    [Id(2)] private readonly EventHubSequenceTokenV2 _token = token;

    public StreamSequenceToken SequenceToken => _token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Event is T item ? [Tuple.Create<T, StreamSequenceToken>(item, _token)] : [];

    public bool ImportRequestContext() => false;
}
