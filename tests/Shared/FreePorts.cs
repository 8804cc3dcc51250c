using System.Net;
using System.Net.Sockets;

namespace Kardiaflow.Tests.Shared;

/// <summary>A free loopback port for a process a test starts (a silo, Azurite, a web host).</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
