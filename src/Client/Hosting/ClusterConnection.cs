using Microsoft.Extensions.Hosting;

namespace Kardiaflow.Client.Hosting;

/// <summary>Connects to a running cluster, or says clearly that none answers.</summary>
internal static class ClusterConnection
{
    public static async Task<IHost?> ConnectAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        try
        {
            return await GatewayClient.StartAsync(gatewayPort, cancellationToken);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"No Kardiaflow silo answers on 127.0.0.1:{gatewayPort} (start one with `dotnet run --project src/Silo`): {e.Message}");
            return null;
        }
    }
}
