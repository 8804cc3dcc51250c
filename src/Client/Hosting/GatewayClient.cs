using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Client.Hosting;

/// <summary>An Orleans client connected to a running Local-profile cluster through its gateway on loopback.</summary>
internal static class GatewayClient
{
    public static async Task<IHost> StartAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var defaults = new LocalClusterOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, defaults.ServiceId, defaults.ClusterId));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
