using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.AzureStorage;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kardiaflow.Client.Hosting;

/// <summary>
/// The console's view of the cluster it talks to, from the same environment as the silos (<c>Kardiaflow__Profile</c>,
/// <c>ConnectionStrings__Storage</c>, <c>Kardiaflow__Lake__Container</c>, <c>Kardiaflow__Cluster__*</c>): Local (a gateway
/// on loopback, the lake in a folder) or Azure (gateways found in the membership table, the lake in a container).
/// </summary>
internal sealed class ClientProfile
{
    private AzureStorageClients? _azure;

    private ClientProfile(IConfiguration configuration)
    {
        Configuration = configuration;
        Profile = configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() ?? new ProfileOptions();
        Cluster = configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        Lake = configuration.GetSection(LakeOptions.SectionName).Get<LakeOptions>() ?? new LakeOptions();
    }

    public IConfiguration Configuration { get; }

    public ProfileOptions Profile { get; }

    public bool IsAzure => Profile.IsAzure;

    public SiloClusterOptions Cluster { get; }

    public LakeOptions Lake { get; }

    /// <summary>The Azure profile's storage clients; throws <see cref="Silo.Startup.SiloStartupException"/> naming a bad setting.</summary>
    public AzureStorageClients Azure => _azure ??= AzureStorageClients.Create(Configuration);

    public static ClientProfile FromEnvironment() =>
        new(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <summary>The lake: the container in the Azure profile, else <paramref name="localFolder"/>.</summary>
    public ILakeStorage LakeStorage(string localFolder) =>
        IsAzure ? new AzureBlobLakeStorage(Azure.Blobs.GetBlobContainerClient(Lake.Container)) : new LocalLakeStorage(Path.GetFullPath(localFolder));

    /// <summary>One table: a path inside the lake container in the Azure profile, else a folder on disk.</summary>
    public ILakeStorage TableStorage(string table) =>
        IsAzure
            ? new AzureBlobLakeStorage(Azure.Blobs.GetBlobContainerClient(Lake.Container), table.Trim('/'))
            : new LocalLakeStorage(Path.GetFullPath(table));

    /// <summary>Whether a Local lake folder exists (the Azure profile's container is checked by reading it).</summary>
    public bool LakeExists(string localFolder) => IsAzure || Directory.Exists(localFolder);
}
