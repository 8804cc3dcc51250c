using System.Runtime.Serialization;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// Takes the messages of one producer link into partition logs. A batch (message format 0x80013700) is an envelope
/// whose data sections each hold one whole encoded event message; every event is stored as the producer encoded it,
/// so application properties and body come back byte for byte. A message's events go to one partition together and
/// the message is accepted only after they are fsync'd.
/// </summary>
internal static partial class ProducerEndpoint
{
    public const uint BatchMessageFormat = 0x80013700;
    private static readonly MapKey PartitionKeyAnnotation = new((AmqpSymbol)"x-opt-partition-key");

    public static void Attach(ReceivingAmqpLink link, EventHub hub, PartitionLog? partition, ILogger logger) =>
        link.RegisterMessageListener(message => OnMessage(link, hub, partition, message, logger));

    private static void OnMessage(ReceivingAmqpLink link, EventHub hub, PartitionLog? partition, AmqpMessage message, ILogger logger)
    {
        List<ReadOnlyMemory<byte>> events;
        string? partitionKey;
        try
        {
            (events, partitionKey) = Unpack(message);
        }
        catch (Exception ex) when (ex is AmqpException or InvalidCastException or InvalidOperationException or SerializationException)
        {
            LogRejected(logger, hub.Name, ex.Message);
            Settle(link, message, new Rejected { Error = new Error { Condition = AmqpErrorCode.DecodeError, Description = "The message could not be read as an event or an event batch." } });
            return;
        }

        if (events.Count == 0)
        {
            Settle(link, message, AmqpConstants.AcceptedOutcome);
            return;
        }

        var target = partition ?? hub.Route(partitionKey);
        target.AppendAsync(events).ContinueWith(
            (append, state) =>
            {
                if (append.IsCompletedSuccessfully)
                {
                    Settle(link, message, AmqpConstants.AcceptedOutcome);
                    return;
                }

                LogAppendFailed(logger, append.Exception?.GetBaseException(), hub.Name, target.PartitionId);
                Settle(link, message, new Rejected { Error = new Error { Condition = AmqpErrorCode.InternalError, Description = "The events could not be stored; retry." } });
            },
            null,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static (List<ReadOnlyMemory<byte>> Events, string? PartitionKey) Unpack(AmqpMessage message)
    {
        message.MessageAnnotations.Map.TryGetValue<string>(PartitionKeyAnnotation, out var partitionKey);
        var events = new List<ReadOnlyMemory<byte>>();
        if (message.MessageFormat == BatchMessageFormat)
        {
            foreach (var data in message.DataBody ?? [])
            {
                var segment = (ArraySegment<byte>)data.Value;
                events.Add(segment.AsSpan().ToArray());
            }

            return (events, partitionKey);
        }

        var stream = message.ToStream();
        var bytes = new byte[stream.Length - stream.Position];
        stream.ReadExactly(bytes);
        events.Add(bytes);
        return (events, partitionKey);
    }

    private static void Settle(ReceivingAmqpLink link, AmqpMessage message, Outcome outcome)
    {
        try
        {
            link.DisposeMessage(message, outcome, settled: true, batchable: message.Batchable);
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The producer went away before the outcome; it will retry on its own link.
        }
        finally
        {
            message.Dispose();
        }
    }

    [LoggerMessage(EventId = LocalEventHubsEventIds.MessageRejected, Level = LogLevel.Warning, Message = "Hub {Hub}: rejected a message that is neither an event nor an event batch ({Reason})")]
    private static partial void LogRejected(ILogger logger, string hub, string reason);

    [LoggerMessage(EventId = LocalEventHubsEventIds.AppendFailed, Level = LogLevel.Error, Message = "Hub {Hub} partition {Partition}: events could not be stored; the send was rejected")]
    private static partial void LogAppendFailed(ILogger logger, Exception? exception, string hub, string partition);
}
