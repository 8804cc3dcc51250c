using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Gold;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Grains.Silver;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Health;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// The Kardiaflow silo in either profile (<c>Kardiaflow:Profile</c>): <see cref="LocalProfile"/> (localhost clustering,
/// grain state and lake in local folders) or <see cref="AzureProfile"/> (Azure Table clustering, grain state in Blob and
/// Table storage, the lake in a Blob container). <c>src/Silo/Program.cs</c> hosts it with its web endpoints; the
/// console's <c>run</c> hosts it embedded; the cluster tests reuse <see cref="AddKardiaflowComponents"/> in a test cluster.
/// </summary>
public static class KardiaflowSiloExtensions
{
    public static IHostApplicationBuilder AddKardiaflowSilo(this IHostApplicationBuilder builder, bool withDashboard = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var profile = SiloOptions.AddValidated<ProfileOptions>(builder.Services, builder.Configuration, ProfileOptions.SectionName);
        var cluster = SiloOptions.AddValidated<SiloClusterOptions>(builder.Services, builder.Configuration, SiloClusterOptions.SectionName);
        builder.UseOrleans(silo =>
        {
            if (profile.IsAzure)
            {
                AzureProfile.UseClustering(silo, builder.Configuration, cluster);
            }
            else
            {
                LocalProfile.UseClustering(silo, cluster);
            }

            // Tests and operators tune failure detection (e.g. ProbeTimeout) without code: Kardiaflow:Cluster:Membership.
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{SiloClusterOptions.SectionName}:Membership"));
            silo.AddKardiaflowComponents(builder.Configuration);
            if (withDashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("silo", tags: ["ready"])
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), tags: ["live"]);
        return builder;
    }

    /// <summary>Everything of the silo but clustering: lake, grain storage, streams, grain options, for the configured profile.</summary>
    public static ISiloBuilder AddKardiaflowComponents(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var profile = SiloOptions.AddValidated<ProfileOptions>(services, configuration, ProfileOptions.SectionName);
        SiloOptions.AddValidated<IngestionOptions>(services, configuration, IngestionOptions.SectionName);
        SiloOptions.AddValidated<GoldOptions>(services, configuration, GoldOptions.SectionName);
        SiloOptions.AddValidated<SilverOptions>(services, configuration, SilverOptions.SectionName);
        services.AddSingleton<SilverBatchGate>();
        // Engine and pipeline exceptions reach callers as themselves (type and message), not as a missing codec.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Kardiaflow"));
        var lake = SiloOptions.AddValidated<LakeOptions>(services, configuration, LakeOptions.SectionName);
        if (profile.IsAzure)
        {
            AzureProfile.AddStorage(silo, configuration, lake);
        }
        else
        {
            LocalProfile.AddStorage(silo, configuration, lake);
        }

        silo.AddMemoryStreams(TableStreams.ProviderName);
        silo.AddLakehouseTelemetry();
        return silo;
    }

    /// <summary>Maps <c>/health</c> (every check), <c>/alive</c> (the process answers) and, when enabled, the dashboard.</summary>
    public static WebApplication MapKardiaflowEndpoints(this WebApplication app, bool withDashboard)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        });
        if (withDashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        return app;
    }
}
