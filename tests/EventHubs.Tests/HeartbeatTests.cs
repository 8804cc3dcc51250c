using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>
/// An idle connection stays open: the endpoint sends empty frames within the client's idle timeout (the .NET client asks
/// for 60 s and closes the connection when nothing arrives in time; an idle stream receiver must survive that).
/// </summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_connection_idle_for_longer_than_its_idle_timeout_stays_open()
    {
        await using var local = await LocalEndpoint.StartAsync();
        var settings = new AmqpSettings();
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        settings.TransportProviders.Add(sasl);
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        settings.TransportProviders.Add(amqp);
        var initiator = new AmqpTransportInitiator(settings, new TcpTransportSettings { Host = "127.0.0.1", Port = local.Endpoint.Port });
        var transport = await initiator.ConnectTaskAsync(TimeSpan.FromSeconds(10));
        var connection = new AmqpConnection(transport, settings, new AmqpConnectionSettings { ContainerId = "idle", HostName = "127.0.0.1", IdleTimeOut = 10_000 });
        await connection.OpenAsync(TimeSpan.FromSeconds(10));

        // The client closes after 10 s without a frame (and announces half that, the smallest the endpoint accepts).
        await Task.Delay(TimeSpan.FromSeconds(12));

        Assert.Equal(AmqpObjectState.Opened, connection.State);
        await connection.CloseAsync(TimeSpan.FromSeconds(5));
    }
}
