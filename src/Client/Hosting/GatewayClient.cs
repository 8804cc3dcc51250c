using Microsoft.Extensions.DependencyInjection;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kardiaflow.Client.Hosting;

/// <summary>
/// An Orleans client connected to a running cluster: through its gateway on loopback (Local profile), or through the
/// gateways listed in the Azure membership table (Azure profile).
/// </summary>
internal static class GatewayClient
{
    public static async Task<IHost> StartAsync(ClientProfile profile, int gatewayPort, CancellationToken cancellationToken)
    {
        var cluster = profile.Cluster;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            // Both profiles: with no silo listening the console answers within seconds, not after Orleans' 3 minutes.
            client.UseConnectionRetryFilter(new BoundedConnectionRetry());
            client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Kardiaflow"));
            if (profile.IsAzure)
            {
                var tables = profile.Azure.Tables;
                client.UseAzureStorageClustering(options =>
                {
                    options.TableServiceClient = tables;
                    options.TableName = Silo.Configuration.AzureStorageOptions.MembershipTable;
                });
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(gatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
