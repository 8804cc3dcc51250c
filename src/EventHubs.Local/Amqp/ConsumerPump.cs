using System.Globalization;
using System.Runtime.InteropServices;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// Sends one partition's events down one receiver link, in sequence order, only as far as the receiver's credit goes.
/// </summary>
/// <remarks>
/// Concurrency: one pump task per link owns the cursor. It is woken by one <see cref="AsyncSignal"/> that both the
/// link's credit listener and the partition's appends set, so a flow frame or a new event never waits for a poll.
/// Messages are built from the stored bytes with the service annotations added (sequence number, offset as a string,
/// enqueued time); the producer's sections pass through untouched.
/// </remarks>
internal sealed partial class ConsumerPump
{
    private const int MaxEventsPerRead = 256;
    private const int MaxBytesPerRead = 1024 * 1024;
    private static readonly MapKey SequenceNumberAnnotation = new((AmqpSymbol)"x-opt-sequence-number");
    private static readonly MapKey OffsetAnnotation = new((AmqpSymbol)"x-opt-offset");
    private static readonly MapKey EnqueuedTimeAnnotation = new((AmqpSymbol)"x-opt-enqueued-time");
    private static readonly MapKey LastSequenceNumberAnnotation = new((AmqpSymbol)"last_enqueued_sequence_number");
    private static readonly MapKey LastOffsetAnnotation = new((AmqpSymbol)"last_enqueued_offset");
    private static readonly MapKey LastEnqueuedTimeAnnotation = new((AmqpSymbol)"last_enqueued_time_utc");
    private static readonly MapKey RetrievalTimeAnnotation = new((AmqpSymbol)"runtime_info_retrieval_time_utc");

    private readonly SendingAmqpLink _link;
    private readonly PartitionLog _partition;
    private readonly ILogger _logger;
    private readonly bool _trackLastEnqueued;
    private readonly AsyncSignal _signal = new();
    private readonly CancellationTokenSource _closed = new();
    private long _next;

    /// <param name="trackLastEnqueued">The receiver asked (capability com.microsoft:enable-receiver-runtime-metric) for the partition's last event in each message's delivery annotations.</param>
    public ConsumerPump(SendingAmqpLink link, PartitionLog partition, long startSequence, bool trackLastEnqueued, ILogger logger)
    {
        _link = link;
        _trackLastEnqueued = trackLastEnqueued;
        _partition = partition;
        _next = startSequence;
        _logger = logger;
    }

    public void Start()
    {
        _link.RegisterCreditListener((_, _, _) => _signal.Set());
        _link.Closed += (_, _) => Stop();
        _partition.Subscribe(_signal);
        _ = Task.Run(RunAsync);
    }

    private void Stop()
    {
        _partition.Unsubscribe(_signal);
        _closed.Cancel();
    }

    private async Task RunAsync()
    {
        var cancellationToken = _closed.Token;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Credit not yet used by queued deliveries; the library sends queued ones as credit arrives.
                var room = (long)_link.LinkCredit - _link.Available;
                if (room <= 0)
                {
                    await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var events = await _partition.ReadAsync(_next, (int)Math.Min(room, MaxEventsPerRead), MaxBytesPerRead, cancellationToken).ConfigureAwait(false);
                if (events.Count == 0)
                {
                    await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                PartitionInfo? last = _trackLastEnqueued ? _partition.GetInfo() : null;
                foreach (var stored in events)
                {
                    _link.SendMessageNoWait(ToMessage(stored, last), DeliveryTag(stored.SequenceNumber), AmqpConstants.NullBinary);
                    _next = stored.SequenceNumber + 1;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The link closed under the pump.
        }
        catch (IOException ex)
        {
            LogReadFailed(_logger, ex, _partition.PartitionId);
            _link.SafeClose(new AmqpException(AmqpErrorCode.InternalError, "The partition could not be read."));
        }
        finally
        {
            _partition.Unsubscribe(_signal);
        }
    }

    private static AmqpMessage ToMessage(StoredEvent stored, PartitionInfo? last)
    {
        if (!MemoryMarshal.TryGetArray(stored.Message, out var segment))
        {
            segment = new ArraySegment<byte>(stored.Message.ToArray());
        }

        var message = AmqpMessage.CreateOutputMessage(new BufferListStream([segment]), ownStream: true);
        var annotations = message.MessageAnnotations.Map;
        annotations[SequenceNumberAnnotation] = stored.SequenceNumber;
        annotations[OffsetAnnotation] = stored.Offset.ToString(CultureInfo.InvariantCulture);
        annotations[EnqueuedTimeAnnotation] = stored.EnqueuedTimeUtc;
        if (last is { } info)
        {
            var delivery = message.DeliveryAnnotations.Map;
            delivery[LastSequenceNumberAnnotation] = info.LastSequenceNumber;
            delivery[LastOffsetAnnotation] = info.LastOffset.ToString(CultureInfo.InvariantCulture);
            delivery[LastEnqueuedTimeAnnotation] = info.LastEnqueuedTimeUtc;
            delivery[RetrievalTimeAnnotation] = DateTime.UtcNow;
        }

        return message;
    }

    private static ArraySegment<byte> DeliveryTag(long sequenceNumber) => new(BitConverter.GetBytes(sequenceNumber));

    [LoggerMessage(EventId = LocalEventHubsEventIds.ReadFailed, Level = LogLevel.Error, Message = "Partition {Partition}: reading events for a receiver failed; the link is closed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string partition);
}
