using System.Collections.Concurrent;
using Kardiaflow.EventHubs.Local.Diagnostics;
using Kardiaflow.EventHubs.Local.Storage;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// The two request/response nodes every Event Hubs client talks to. <c>$cbs</c> accepts any <c>put-token</c>
/// (loopback only, see the ADR); <c>$management</c> answers READ of <c>com.microsoft:eventhub</c> and
/// <c>com.microsoft:partition</c>. A client attaches a request link (target = the node) and a reply link (source =
/// the node, target = its reply-to address) on one connection; a response goes to the reply link of the request's
/// connection whose address is the request's reply-to, with correlation-id = the request's message-id.
/// </summary>
internal sealed partial class ServiceNodes(IReadOnlyDictionary<string, EventHub> hubs, ILogger logger)
{
    public const string Cbs = "$cbs";
    public const string Management = "$management";

    private readonly ConcurrentDictionary<(AmqpConnection Connection, string ReplyTo), SendingAmqpLink> _replyLinks = new();
    private long _tag;

    public static bool IsNode(string? address) => address is Cbs or Management;

    public void AttachReplyLink(SendingAmqpLink link)
    {
        if ((link.Settings.Target as Target)?.Address?.ToString() is not { } replyTo)
        {
            throw new AmqpException(AmqpErrorCode.InvalidField, "A reply link needs a target address (the request's reply-to).");
        }

        var key = (link.Session.Connection, replyTo);
        _replyLinks[key] = link;
        link.Closed += (_, _) => _replyLinks.TryRemove(new KeyValuePair<(AmqpConnection, string), SendingAmqpLink>(key, link));
    }

    public void AttachRequestLink(ReceivingAmqpLink link, string node) =>
        link.RegisterMessageListener(request => OnRequest(link, node, request));

    private void OnRequest(ReceivingAmqpLink link, string node, AmqpMessage request)
    {
        AmqpMessage response;
        try
        {
            response = node == Cbs ? PutToken(request) : Read(request);
        }
        catch (Exception ex) when (ex is InvalidCastException or AmqpException)
        {
            response = Status(400, "The request could not be read.");
        }

        response.Properties.CorrelationId = request.Properties.MessageId;
        var replyTo = request.Properties.ReplyTo?.ToString();
        try
        {
            link.AcceptMessage(request, batchable: false);
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The requester went away; nothing to answer.
        }
        finally
        {
            request.Dispose();
        }

        if (replyTo is null || !_replyLinks.TryGetValue((link.Session.Connection, replyTo), out var reply))
        {
            LogNoReplyLink(logger, node, replyTo ?? "(none)");
            return;
        }

        var tag = new ArraySegment<byte>(BitConverter.GetBytes(Interlocked.Increment(ref _tag)));
        reply.SendMessageNoWait(response, tag, AmqpConstants.NullBinary);
    }

    private static AmqpMessage PutToken(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        return operation == "put-token" ? Status(202, "Accepted") : Status(400, $"Unsupported $cbs operation '{operation}'.");
    }

    private AmqpMessage Read(AmqpMessage request)
    {
        var properties = request.ApplicationProperties?.Map;
        var operation = properties?["operation"] as string;
        var type = properties?["type"] as string;
        var name = properties?["name"] as string;
        if (operation != "READ")
        {
            return Status(400, $"Unsupported $management operation '{operation}'.");
        }

        if (name is null || !hubs.TryGetValue(name, out var hub))
        {
            return Status(404, $"The messaging entity '{name}' could not be found.");
        }

        var map = new AmqpMap
        {
            [new MapKey("name")] = hub.Name,
        };
        if (type == "com.microsoft:eventhub")
        {
            map[new MapKey("type")] = type;
            map[new MapKey("created_at")] = hub.CreatedAtUtc;
            map[new MapKey("partition_count")] = hub.PartitionIds.Count;
            map[new MapKey("partition_ids")] = hub.PartitionIds.ToArray();
            return Ok(map);
        }

        if (type == "com.microsoft:partition")
        {
            var partitionId = properties?["partition"] as string;
            if (partitionId is null || !hub.TryGetPartition(partitionId, out var partition))
            {
                return Status(404, $"The messaging entity '{name}/Partitions/{partitionId}' could not be found.");
            }

            var info = partition.GetInfo();
            map[new MapKey("type")] = type;
            map[new MapKey("partition")] = partitionId;
            map[new MapKey("begin_sequence_number")] = info.BeginSequenceNumber;
            map[new MapKey("last_enqueued_sequence_number")] = info.LastSequenceNumber;
            map[new MapKey("last_enqueued_offset")] = info.LastOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            map[new MapKey("last_enqueued_time_utc")] = info.LastEnqueuedTimeUtc;
            map[new MapKey("is_partition_empty")] = info.IsEmpty;
            map[new MapKey("runtime_info_retrieval_time_utc")] = DateTime.UtcNow;
            return Ok(map);
        }

        return Status(400, $"Unsupported $management type '{type}'.");
    }

    private static AmqpMessage Ok(AmqpMap map)
    {
        var response = AmqpMessage.Create(new AmqpValue { Value = map });
        SetStatus(response, 200, "OK");
        return response;
    }

    private static AmqpMessage Status(int code, string description)
    {
        var response = AmqpMessage.Create();
        SetStatus(response, code, description);
        return response;
    }

    private static void SetStatus(AmqpMessage response, int code, string description)
    {
        response.ApplicationProperties = new ApplicationProperties();
        response.ApplicationProperties.Map["status-code"] = code;
        response.ApplicationProperties.Map["status-description"] = description;
    }

    [LoggerMessage(EventId = LocalEventHubsEventIds.NoReplyLink, Level = LogLevel.Warning, Message = "{Node}: a request names reply-to {ReplyTo}, but no reply link of that connection has that address; not answered")]
    private static partial void LogNoReplyLink(ILogger logger, string node, string replyTo);
}
