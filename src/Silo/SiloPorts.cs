using System.Net;
using System.Net.Sockets;
using Kardiaflow.Silo.Configuration;

namespace Kardiaflow.Silo;

/// <summary>
/// The loopback ports a Local-profile silo is about to bind, checked before it starts: a port already in use is one line that names
/// the setting to change, instead of the host's and Orleans' stack traces while they give up.
/// </summary>
internal static class SiloPorts
{
    /// <summary>A sentence naming the first configured port that something else holds, or null when all are free.</summary>
    public static string? FirstInUse(IConfiguration configuration, int webPort)
    {
        // The Local profile binds loopback; the Azure profile's pod has its ports to itself.
        if (configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() is { IsAzure: true })
        {
            return null;
        }

        var cluster = configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        foreach (var (setting, port) in new[]
                 {
                     ($"{SiloWebOptions.SectionName}:Port", webPort),
                     ($"{SiloClusterOptions.SectionName}:SiloPort", cluster.SiloPort),
                     ($"{SiloClusterOptions.SectionName}:GatewayPort", cluster.GatewayPort),
                 })
        {
            if (port > 0 && InUse(port))
            {
                return $"127.0.0.1:{port} ({setting}) is already in use: stop what holds it or set {setting} to a free port.";
            }
        }

        return null;
    }

    private static bool InUse(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
