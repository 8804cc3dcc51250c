using Kardiaflow.Silo.Startup;
using Microsoft.Extensions.Hosting;

namespace Kardiaflow.Client.Hosting;

/// <summary>Connects to a running cluster, or says clearly that none answers.</summary>
internal static class ClusterConnection
{
    public static async Task<IHost?> ConnectAsync(ClientProfile profile, int gatewayPort, CancellationToken cancellationToken)
    {
        var where = profile.IsAzure
            ? $"in the Azure membership table (cluster '{profile.Cluster.ClusterId}', service '{profile.Cluster.ServiceId}')"
            : $"on 127.0.0.1:{gatewayPort}";
        try
        {
            return await GatewayClient.StartAsync(profile, gatewayPort, cancellationToken);
        }
        catch (SiloStartupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return null;
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansException or TimeoutException or System.Net.Sockets.SocketException
                                      or Azure.RequestFailedException or AggregateException)
        {
            await Console.Error.WriteLineAsync($"No Kardiaflow silo answers {where} (start one with `dotnet run --project src/Silo`): {StartupErrors.FirstLine(e.Message)}");
            return null;
        }
    }

}
