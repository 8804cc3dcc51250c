using Kardiaflow.Silo.Configuration;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// Registers <see cref="LakeWriterLeaseService"/>; call before anything registers Orleans, so it starts first and stops
/// last. The lake and profile options are those <c>AddKardiaflowSilo</c> registers.
/// </summary>
public static class LakeWriterLeaseExtensions
{
    /// <summary>
    /// The host holds the lake's writer lease: as <paramref name="holder"/> (default: a silo of the configured cluster),
    /// or by adopting <paramref name="acquired"/>, a lease the caller already holds.
    /// </summary>
    public static IHostApplicationBuilder AddKardiaflowLakeLease(this IHostApplicationBuilder builder, LeaseHolder? holder = null, LakeWriterLease? acquired = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(LeaseHolder)))
        {
            return builder;
        }

        if (holder is null && acquired is null)
        {
            var cluster = builder.Configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
            holder = LeaseHolder.ForCluster(cluster.ServiceId, cluster.ClusterId);
        }

        builder.Services.AddSingleton(acquired?.Holder ?? holder!);
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<LakeWriterLeaseService>(
            services, acquired is null ? [] : [acquired]));
        return builder;
    }
}
