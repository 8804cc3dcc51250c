using System.Net;
using System.Net.Sockets;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>
/// Picks the port for the listener. Microsoft.Azure.Amqp 2.7.3 binds its own sockets (its TCP transport is internal)
/// and cannot report the port it got for port 0, so a free loopback port is found by binding a probe socket, reading
/// its port and closing it just before the listener binds it. Another process could take it in between; the endpoint
/// then retries with a new port (<see cref="LocalEventHubsEndpoint"/>).
/// </summary>
internal static class LoopbackPort
{
    public static int FindFree()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
