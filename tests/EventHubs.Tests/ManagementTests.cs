using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>What the real client reads through <c>$management</c>, and how it is refused an unknown hub.</summary>
public sealed class ManagementTests
{
    [Fact]
    public async Task Hub_properties_name_the_hub_its_partitions_and_its_creation_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var local = await LocalEndpoint.StartAsync(partitionCount: 3);
        await using var producer = new EventHubProducerClient(local.ConnectionString);

        var properties = await producer.GetEventHubPropertiesAsync();

        Assert.Equal("arrivals", properties.Name);
        Assert.Equal(["0", "1", "2"], properties.PartitionIds);
        Assert.InRange(properties.CreatedOn, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Partition_properties_follow_what_was_sent()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);

        var empty = await producer.GetPartitionPropertiesAsync("1");
        Assert.True(empty.IsEmpty);
        Assert.Equal("1", empty.Id);
        Assert.Equal("arrivals", empty.EventHubName);
        Assert.Equal(-1, empty.LastEnqueuedSequenceNumber);

        await producer.SendAsync([new EventData("a"u8.ToArray()), new EventData("b"u8.ToArray()), new EventData("c"u8.ToArray())], new SendEventOptions { PartitionId = "1" });
        var filled = await producer.GetPartitionPropertiesAsync("1");

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var events = await ProducerConsumerTests.ReadAsync(consumer, "1", EventPosition.Earliest, 3);
        Assert.False(filled.IsEmpty);
        Assert.Equal(0, filled.BeginningSequenceNumber);
        Assert.Equal(2, filled.LastEnqueuedSequenceNumber);
        Assert.Equal(events[2].OffsetString, filled.LastEnqueuedOffsetString);
        Assert.Equal(events[2].EnqueuedTime, filled.LastEnqueuedTime);
        Assert.True((await producer.GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task Additional_hubs_are_served_side_by_side_with_their_own_events()
    {
        await using var local = await LocalEndpoint.StartAsync(configure: options => options.AdditionalHubs.Add("feedback"));
        await using var arrivals = new EventHubProducerClient(local.Endpoint.GetConnectionString("arrivals"));
        await using var feedback = new EventHubProducerClient(local.Endpoint.GetConnectionString("feedback"));
        await feedback.SendAsync([new EventData("f"u8.ToArray())], new SendEventOptions { PartitionId = "0" });

        Assert.Equal("feedback", (await feedback.GetEventHubPropertiesAsync()).Name);
        Assert.False((await feedback.GetPartitionPropertiesAsync("0")).IsEmpty);
        Assert.True((await arrivals.GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task An_unknown_hub_or_partition_is_reported_as_not_found()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.Endpoint.GetConnectionString("no-such-hub"));
        var missingHub = await Assert.ThrowsAsync<EventHubsException>(() => producer.GetEventHubPropertiesAsync());
        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, missingHub.Reason);

        await using var sender = new EventHubProducerClient(local.ConnectionString);
        var missingPartition = await Assert.ThrowsAsync<EventHubsException>(
            () => sender.SendAsync([new EventData("x"u8.ToArray())], new SendEventOptions { PartitionId = "9" }));
        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, missingPartition.Reason);
    }
}
