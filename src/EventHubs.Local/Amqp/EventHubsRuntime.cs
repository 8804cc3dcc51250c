using System.Collections.Concurrent;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// The AMQP side of the endpoint: Microsoft.Azure.Amqp calls it for every new connection, session and link. Links are
/// routed by address: <c>$cbs</c>/<c>$management</c> to <see cref="ServiceNodes"/>, a hub or hub partition target to
/// <see cref="ProducerEndpoint"/>, a consumer-group partition source to a <see cref="ConsumerPump"/>. An unknown
/// address is refused at attach with amqp:not-found, which the client reports as a missing resource.
/// </summary>
internal sealed partial class EventHubsRuntime : IRuntimeProvider
{
    private static readonly AmqpSymbol OwnerLevelProperty = "com.microsoft:epoch";
    private static readonly AmqpSymbol TrackLastEnqueuedCapability = "com.microsoft:enable-receiver-runtime-metric";

    private readonly IReadOnlyDictionary<string, EventHub> _hubs;
    private readonly ulong _maxMessageSize;
    private readonly ILogger _logger;
    private readonly ServiceNodes _nodes;
    private readonly ConcurrentDictionary<string, ReceiverOwnership> _ownership = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<AmqpConnection, byte> _connections = new();

    public EventHubsRuntime(IReadOnlyDictionary<string, EventHub> hubs, int maxMessageSize, ILogger logger)
    {
        _hubs = hubs;
        _maxMessageSize = (ulong)maxMessageSize;
        _logger = logger;
        _nodes = new ServiceNodes(hubs, logger);
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings)
    {
        var connection = new AmqpConnection(transport, protocolHeader, false, amqpSettings, connectionSettings);
        _connections[connection] = 0;
        connection.Closed += (_, _) => _connections.TryRemove(connection, out _);
        return connection;
    }

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        // The attach reply carries max-message-size: the .NET producer sizes its batches from it and fails without it.
        settings.MaxMessageSize = _maxMessageSize;
        var serverReceives = settings.Role == true;
        var address = serverReceives ? (settings.Target as Target)?.Address?.ToString() : (settings.Source as Source)?.Address?.ToString();
        if (!ServiceNodes.IsNode(address))
        {
            _ = Resolve(address, expectConsumer: !serverReceives);
        }

        if (serverReceives)
        {
            // Credit bounds what one producer can have in flight (and so in memory): 64 messages of at most 1 MiB.
            settings.TotalLinkCredit = 64;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        Exception? error = null;
        try
        {
            Wire(link);
        }
        catch (AmqpException ex)
        {
            LogLinkRefused(_logger, link.Name, ex.Message);
            error = ex;
        }

        var result = new CompletedAsyncResult(state, error);
        callback(result);
        return result;
    }

    public void EndOpenLink(IAsyncResult result) => CompletedAsyncResult.End(result);

    /// <summary>Closes every open connection (the listener is closed first, so no new ones arrive).</summary>
    public void CloseConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.SafeClose();
        }
    }

    private void Wire(AmqpLink link)
    {
        if (link is ReceivingAmqpLink receiving)
        {
            var address = (link.Settings.Target as Target)?.Address?.ToString();
            if (ServiceNodes.IsNode(address))
            {
                _nodes.AttachRequestLink(receiving, address!);
                return;
            }

            var (hub, partition, _) = Resolve(address, expectConsumer: false);
            ProducerEndpoint.Attach(receiving, hub, partition, _logger);
            LogProducerAttached(_logger, hub.Name, partition?.PartitionId ?? "(routed)");
            return;
        }

        var sending = (SendingAmqpLink)link;
        var source = link.Settings.Source as Source;
        var sourceAddress = source?.Address?.ToString();
        if (ServiceNodes.IsNode(sourceAddress))
        {
            _nodes.AttachReplyLink(sending);
            return;
        }

        var (consumerHub, consumerPartition, entity) = Resolve(sourceAddress, expectConsumer: true);
        long? ownerLevel = link.Settings.Properties is { } properties && properties.TryGetValue<long>(OwnerLevelProperty, out var level) ? level : null;
        var start = StartPosition.Resolve(source, consumerPartition!);
        _ownership.GetOrAdd($"{entity.Hub}/{entity.ConsumerGroup}/{entity.PartitionId}", _ => new ReceiverOwnership()).Admit(link, ownerLevel);
        var trackLastEnqueued = link.Settings.DesiredCapabilities?.Contains(TrackLastEnqueuedCapability) == true;
        new ConsumerPump(sending, consumerPartition!, start, trackLastEnqueued, _logger).Start();
        LogConsumerAttached(_logger, consumerHub.Name, entity.ConsumerGroup!, consumerPartition!.PartitionId, start);
    }

    // The .NET client reports amqp:not-found as ResourceNotFound only when the text says "The messaging entity ... could not be found".
    private (EventHub Hub, PartitionLog? Partition, EntityAddress Entity) Resolve(string? address, bool expectConsumer)
    {
        if (!EntityAddress.TryParse(address, out var entity) || entity.IsConsumer != expectConsumer)
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found: it is not an Event Hubs {(expectConsumer ? "consumer" : "producer")} address.");
        }

        if (!_hubs.TryGetValue(entity.Hub, out var hub))
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{entity.Hub}' could not be found.");
        }

        PartitionLog? partition = null;
        if (entity.PartitionId is not null && !hub.TryGetPartition(entity.PartitionId, out partition))
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{entity.Hub}/Partitions/{entity.PartitionId}' could not be found.");
        }

        return (hub, partition, entity);
    }

    [LoggerMessage(EventId = LocalEventHubsEventIds.ProducerAttached, Level = LogLevel.Debug, Message = "Producer attached to hub {Hub} partition {Partition}")]
    private static partial void LogProducerAttached(ILogger logger, string hub, string partition);

    [LoggerMessage(EventId = LocalEventHubsEventIds.ReceiverAttached, Level = LogLevel.Debug, Message = "Receiver attached to hub {Hub} group {ConsumerGroup} partition {Partition} from sequence number {Start}")]
    private static partial void LogConsumerAttached(ILogger logger, string hub, string consumerGroup, string partition, long start);

    [LoggerMessage(EventId = LocalEventHubsEventIds.LinkRefused, Level = LogLevel.Information, Message = "Link {Link} refused: {Reason}")]
    private static partial void LogLinkRefused(ILogger logger, string link, string reason);
}
