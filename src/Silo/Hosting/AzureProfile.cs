using System.Net;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.AzureStorage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Startup;
using Orleans.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// The Azure profile: one cluster across machines on shared Azure Storage. Membership in Azure Table
/// (<see cref="AzureStorageOptions.MembershipTable"/>), Kardiaflow's grain state in Blob storage and the streams'
/// <c>PubSubStore</c> in Table storage (docs/adr/azure-profile-storage.md), the lake in a Blob container with the local
/// lake's layout, submissions uploaded by the console under <c>_landing/</c> and read into temporary files. Nothing is
/// written to the silo's disk but those temporary files. On Kubernetes (<c>POD_NAME</c> set) Orleans' Kubernetes hosting
/// names the silo after its pod and removes the membership of pods that are gone.
/// </summary>
public static class AzureProfile
{
    public static void UseClustering(ISiloBuilder silo, IConfiguration configuration, SiloClusterOptions cluster)
    {
        var clients = Clients(silo.Services, configuration);
        silo.UseAzureStorageClustering(options =>
        {
            options.TableServiceClient = clients.Tables;
            options.TableName = AzureStorageOptions.MembershipTable;
        });
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });

        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress) && !IPAddress.TryParse(cluster.AdvertisedIPAddress, out advertised))
        {
            throw new SiloStartupException($"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.AdvertisedIPAddress)} '{cluster.AdvertisedIPAddress}' is not an IP address.");
        }

        silo.Configure<EndpointOptions>(options =>
        {
            options.SiloPort = cluster.SiloPort;
            options.GatewayPort = cluster.GatewayPort;
            if (advertised is not null)
            {
                options.AdvertisedIPAddress = advertised;
            }

            // Listen on every interface: the advertised address is how others reach this silo, whatever it is.
            options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.GatewayPort);
        });

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME")))
        {
            silo.UseKubernetesHosting();
        }
    }

    public static void AddStorage(ISiloBuilder silo, IConfiguration configuration, LakeOptions lake)
    {
        var clients = Clients(silo.Services, configuration);
        var container = clients.Blobs.GetBlobContainerClient(lake.Container);
        silo.Services.AddSingleton<ILakeStorage>(_ => new AzureBlobLakeStorage(container));
        silo.Services.AddSingleton<ISubmissionFolders, LandingSubmissionFolders>();

        // Kardiaflow's states (jobs, Silver partitions, Gold aggregators) grow to megabytes: Blob, in Orleans' binary format.
        silo.AddAzureBlobGrainStorage(GrainStorageNames.Default, (OptionsBuilder<AzureBlobStorageOptions> options) =>
            options.Configure<Orleans.Serialization.Serializer>((o, serializer) =>
            {
                o.BlobServiceClient = clients.Blobs;
                o.ContainerName = AzureStorageOptions.GrainStateContainer;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));

        // Stream subscriptions are a few small rows: Table.
        silo.AddAzureTableGrainStorage(GrainStorageNames.PubSub, (OptionsBuilder<AzureTableStorageOptions> options) =>
            options.Configure<Orleans.Serialization.Serializer>((o, serializer) =>
            {
                o.TableServiceClient = clients.Tables;
                o.TableName = AzureStorageOptions.GrainStateTable;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
    }

    /// <summary>
    /// Checks the storage before anything of the silo is built: both services answer, the lake container can be written,
    /// then the containers and tables exist. Throws <see cref="SiloStartupException"/> with the one line to print.
    /// </summary>
    public static Task CheckStorageAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var lake = configuration.GetSection(LakeOptions.SectionName).Get<LakeOptions>() ?? new LakeOptions();
        return AzureStoragePreflight.RunAsync(AzureStorageClients.Create(configuration), lake.Container, cancellationToken);
    }

    // One set of clients per service collection: clustering and storage share their connections.
    private static AzureStorageClients Clients(IServiceCollection services, IConfiguration configuration)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(AzureStorageClients))?.ImplementationInstance as AzureStorageClients;
        if (existing is not null)
        {
            return existing;
        }

        var clients = AzureStorageClients.Create(configuration);
        services.AddSingleton(clients);
        return clients;
    }
}
