using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;

namespace Kardiaflow.EventHubs.Tests;

/// <summary><see cref="PartitionReceiver"/> (what the Orleans provider uses) and owner levels.</summary>
public sealed class PartitionReceiverTests
{
    [Fact]
    public async Task A_partition_receiver_reads_batches_from_earliest_an_offset_a_sequence_number_and_the_latest_event()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await producer.SendAsync(Enumerable.Range(0, 50).Select(i => new EventData(Encoding.UTF8.GetBytes($"e{i}"))), new SendEventOptions { PartitionId = "2" });

        var fromStart = await ReceiveAsync(local, EventPosition.Earliest, 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"e{i}"), fromStart.Select(e => e.EventBody.ToString()));

        var fromOffset = await ReceiveAsync(local, EventPosition.FromOffset(fromStart[20].OffsetString, isInclusive: true), 30);
        Assert.Equal(20, fromOffset[0].SequenceNumber);
        Assert.Equal(49, fromOffset[^1].SequenceNumber);

        var fromSequence = await ReceiveAsync(local, EventPosition.FromSequenceNumber(45, isInclusive: false), 4);
        Assert.Equal([46L, 47L, 48L, 49L], fromSequence.Select(e => e.SequenceNumber));

        await using (var latest = new PartitionReceiver(EventHubConsumerClient.DefaultConsumerGroupName, "2", EventPosition.Latest, local.ConnectionString))
        {
            Assert.Empty(await latest.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(500)));
            await producer.SendAsync([new EventData("after"u8.ToArray())], new SendEventOptions { PartitionId = "2" });
            var afterOpen = await latest.ReceiveBatchAsync(10, TimeSpan.FromSeconds(10));
            Assert.Equal([50L], afterOpen.Select(e => e.SequenceNumber));
        }

        await using var tracking = new PartitionReceiver(
            EventHubConsumerClient.DefaultConsumerGroupName, "2", EventPosition.Earliest, local.ConnectionString, new PartitionReceiverOptions { TrackLastEnqueuedEventProperties = true });
        Assert.NotEmpty(await tracking.ReceiveBatchAsync(5, TimeSpan.FromSeconds(5)));
        var last = tracking.ReadLastEnqueuedEventProperties();
        var newest = await producer.GetPartitionPropertiesAsync("2");
        Assert.Equal(50, last.SequenceNumber);
        Assert.Equal(newest.LastEnqueuedOffsetString, last.OffsetString);
        Assert.Equal(newest.LastEnqueuedTime, last.EnqueuedTime);
    }

    [Fact]
    public async Task A_receiver_with_a_higher_owner_level_takes_the_partition_from_a_lower_one()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        await producer.SendAsync([new EventData("x"u8.ToArray())], new SendEventOptions { PartitionId = "0" });
        var group = EventHubConsumerClient.DefaultConsumerGroupName;

        await using var first = new PartitionReceiver(group, "0", EventPosition.Earliest, local.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 1 });
        Assert.Single(await first.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));

        await using var second = new PartitionReceiver(group, "0", EventPosition.Earliest, local.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 2 });
        Assert.Single(await second.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));

        var stolen = await Assert.ThrowsAsync<EventHubsException>(() => first.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, stolen.Reason);

        await using var lower = new PartitionReceiver(group, "0", EventPosition.Earliest, local.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 1 });
        var refused = await Assert.ThrowsAsync<EventHubsException>(() => lower.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, refused.Reason);

        await using var withoutLevel = new PartitionReceiver(group, "0", EventPosition.Earliest, local.ConnectionString);
        var refusedToo = await Assert.ThrowsAsync<EventHubsException>(() => withoutLevel.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, refusedToo.Reason);

        // The same level takes over (event processors all use level 0); another consumer group is not affected.
        await using var same = new PartitionReceiver(group, "0", EventPosition.Earliest, local.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 2 });
        Assert.Single(await same.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        var taken = await Assert.ThrowsAsync<EventHubsException>(() => second.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, taken.Reason);
        await using var otherGroup = new PartitionReceiver("audit", "0", EventPosition.Earliest, local.ConnectionString);
        Assert.Single(await otherGroup.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
    }

    private static async Task<List<EventData>> ReceiveAsync(LocalEndpoint local, EventPosition position, int count)
    {
        await using var receiver = new PartitionReceiver(EventHubConsumerClient.DefaultConsumerGroupName, "2", position, local.ConnectionString);
        var received = new List<EventData>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            received.AddRange(await receiver.ReceiveBatchAsync(count - received.Count, TimeSpan.FromSeconds(1)));
        }

        return received;
    }
}
