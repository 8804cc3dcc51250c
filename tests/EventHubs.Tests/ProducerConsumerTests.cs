using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>The real Azure.Messaging.EventHubs 5.12.2 producer and consumer against the loopback endpoint.</summary>
public sealed class ProducerConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_single_event_comes_back_with_its_properties_body_and_service_annotations()
    {
        await using var local = await LocalEndpoint.StartAsync();
        await using var producer = new EventHubProducerClient(local.ConnectionString);
        var sent = new EventData(Encoding.UTF8.GetBytes("{\"dataset\":\"claims\"}"))
        {
            ContentType = "application/json",
            MessageId = "m-1",
        };
        sent.Properties["dataset"] = "claims";
        sent.Properties["attempt"] = 3;
        await producer.SendAsync([sent], new SendEventOptions { PartitionId = "2" });

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var received = await ReadAsync(consumer, "2", EventPosition.Earliest, 1);

        var only = Assert.Single(received);
        Assert.Equal("{\"dataset\":\"claims\"}", only.EventBody.ToString());
        Assert.Equal("claims", only.Properties["dataset"]);
        Assert.Equal(3, only.Properties["attempt"]);
        Assert.Equal("application/json", only.ContentType);
        Assert.Equal("m-1", only.MessageId);
        Assert.Equal(0, only.SequenceNumber);
        Assert.Equal("0", only.OffsetString);
        Assert.InRange(only.EnqueuedTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    internal static async Task<List<EventData>> ReadAsync(EventHubConsumerClient consumer, string partition, EventPosition position, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var received = new List<EventData>();
        await foreach (var item in consumer.ReadEventsFromPartitionAsync(partition, position, timeout.Token))
        {
            received.Add(item.Data);
            if (received.Count == count)
            {
                break;
            }
        }

        return received;
    }
}
