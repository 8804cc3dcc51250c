using System.Text;
using Azure.Messaging.EventHubs.Consumer;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>
/// A generic AMQP 1.0 client (Microsoft.Azure.Amqp, no Event Hubs library) the way other SDKs connect: SASL PLAIN,
/// SASL ANONYMOUS or no SASL, addresses as whole URIs, a selector filter of its own. What it sends, the .NET Event Hubs
/// client reads, and the other way round.
/// </summary>
public sealed class PlainAmqpClientTests
{
    public static TheoryData<string> Mechanisms => ["PLAIN", "ANONYMOUS", "none"];

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task A_generic_amqp_client_sends_and_receives_with_any_sasl_mechanism(string mechanism)
    {
        await using var local = await LocalEndpoint.StartAsync();
        var port = local.Endpoint.Port;
        var (address, sasl) = mechanism switch
        {
            "PLAIN" => ($"amqp://someone:anything@127.0.0.1:{port}", (SaslHandler?)null),
            "ANONYMOUS" => ($"amqp://127.0.0.1:{port}", new SaslAnonymousHandler()),
            _ => ($"amqp://127.0.0.1:{port}", null),
        };
        var factory = new AmqpConnectionFactory();
        var connection = sasl is null
            ? await factory.OpenConnectionAsync(new Uri(address), TimeSpan.FromSeconds(10))
            : await factory.OpenConnectionAsync(new Uri(address), sasl, TimeSpan.FromSeconds(10));
        try
        {
            var session = connection.CreateSession(new AmqpSessionSettings());
            await session.OpenAsync(TimeSpan.FromSeconds(10));

            var sender = new SendingAmqpLink(session, new AmqpLinkSettings
            {
                LinkName = "sender-" + mechanism,
                Role = false,
                InitialDeliveryCount = 0,
                Source = new Source { Address = "client" },
                Target = new Target { Address = $"amqp://127.0.0.1:{port}/arrivals/Partitions/1" },
            });
            await sender.OpenAsync(TimeSpan.FromSeconds(10));
            var message = AmqpMessage.Create(new Data { Value = new ArraySegment<byte>(Encoding.UTF8.GetBytes("{\"n\":1}")) });
            message.ApplicationProperties = new ApplicationProperties();
            message.ApplicationProperties.Map["dataset"] = "claims";
            var outcome = await sender.SendMessageAsync(message, new ArraySegment<byte>([1]), AmqpConstants.NullBinary, TimeSpan.FromSeconds(10));
            Assert.Equal(Accepted.Code, outcome.DescriptorCode);

            var filters = new FilterSet();
            filters.Add((AmqpSymbol)"apache.org:selector-filter:string", new DescribedType((AmqpSymbol)"apache.org:selector-filter:string", "amqp.annotation.x-opt-sequence-number >= 0"));
            var receiver = new ReceivingAmqpLink(session, new AmqpLinkSettings
            {
                LinkName = "receiver-" + mechanism,
                Role = true,
                TotalLinkCredit = 10,
                AutoSendFlow = true,
                SettleType = SettleMode.SettleOnSend,
                Source = new Source { Address = $"amqp://127.0.0.1:{port}/arrivals/ConsumerGroups/$Default/Partitions/1", FilterSet = filters },
                Target = new Target { Address = "client" },
            });
            await receiver.OpenAsync(TimeSpan.FromSeconds(10));
            var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(received);
            Assert.Equal(0L, received.MessageAnnotations.Map[(AmqpSymbol)"x-opt-sequence-number"]);
            Assert.Equal("0", received.MessageAnnotations.Map[(AmqpSymbol)"x-opt-offset"]);
            Assert.Equal("claims", received.ApplicationProperties.Map["dataset"]);
            Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(((ArraySegment<byte>)received.DataBody.Single().Value).AsSpan()));
        }
        finally
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(10));
        }

        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, local.ConnectionString);
        var read = Assert.Single(await ProducerConsumerTests.ReadAsync(consumer, "1", EventPosition.Earliest, 1));
        Assert.Equal("{\"n\":1}", read.EventBody.ToString());
        Assert.Equal("claims", read.Properties["dataset"]);
    }
}
