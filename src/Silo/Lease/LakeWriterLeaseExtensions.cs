using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.AzureStorage;
using Kardiaflow.Silo.Configuration;

namespace Kardiaflow.Silo.Lease;

/// <summary>How a host holds the lake's writer lease: register first, take the lease before building, hand it over.</summary>
public static class LakeWriterLeaseExtensions
{
    /// <summary>
    /// Registers <see cref="LakeWriterLeaseService"/>; call before anything registers Orleans, so it stops after the silo
    /// did. Then take the lease with <see cref="AcquireLakeLeaseAsync"/> before the host is built.
    /// </summary>
    public static LakeLeaseSlot AddKardiaflowLakeLease(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var slot = new LakeLeaseSlot();
        builder.Services.AddSingleton(slot);
        builder.Services.AddHostedService<LakeWriterLeaseService>();
        return slot;
    }

    /// <summary>
    /// Takes the lake's writer lease as <paramref name="holder"/> (default: a silo of the configured cluster, sharing it
    /// with the cluster's other silos), or throws <see cref="LakeLeaseHeldException"/> naming who holds it.
    /// </summary>
    public static async Task<LakeWriterLease> AcquireLakeLeaseAsync(
        this LakeLeaseSlot slot, IConfiguration configuration, LeaseHolder? holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(configuration);
        var profile = configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() ?? new ProfileOptions();
        var lake = configuration.GetSection(LakeOptions.SectionName).Get<LakeOptions>() ?? new LakeOptions();
        if (holder is null)
        {
            var cluster = configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
            holder = LeaseHolder.ForCluster(cluster.ServiceId, cluster.ClusterId);
        }

        ILakeStorage storage = profile.IsAzure
            ? new AzureBlobLakeStorage(AzureStorageClients.Create(configuration).Blobs.GetBlobContainerClient(lake.Container))
            : new LocalLakeStorage(Path.GetFullPath(lake.Root));
        slot.Lease = await LakeWriterLease.AcquireAsync(storage, holder, lake.WriterLease, sameHostLiveness: !profile.IsAzure, cancellationToken);
        return slot.Lease;
    }
}
