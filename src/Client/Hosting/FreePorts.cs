using System.Net;
using System.Net.Sockets;

namespace Kardiaflow.Client.Hosting;

/// <summary>Free loopback ports for an embedded silo, so it never collides with a silo already running here.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
