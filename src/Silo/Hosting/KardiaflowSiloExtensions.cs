using System.Net;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Gold;
using Kardiaflow.Grains.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Grains.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Health;
using Kardiaflow.Silo.Storage;
using Orleans.Dashboard;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// The Kardiaflow silo, Local profile: localhost clustering, grain state in files beside the lake, the lake in a local
/// folder, memory streams for table versions. <c>src/Silo/Program.cs</c> hosts it with its web endpoints; the console's
/// <c>run</c> hosts it embedded; the cluster tests reuse <see cref="AddKardiaflowComponents"/> in a test cluster.
/// </summary>
public static class KardiaflowSiloExtensions
{
    public static IHostApplicationBuilder AddKardiaflowSilo(this IHostApplicationBuilder builder, bool withDashboard = false)
    {
        var cluster = AddValidatedOptions<LocalClusterOptions>(builder.Services, builder.Configuration, LocalClusterOptions.SectionName);
        builder.UseOrleans(silo =>
        {
            var primary = cluster.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
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

    /// <summary>Everything of the silo but clustering: profile, lake, grain storage, streams, grain options.</summary>
    public static ISiloBuilder AddKardiaflowComponents(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        AddValidatedOptions<ProfileOptions>(services, configuration, ProfileOptions.SectionName);
        AddValidatedOptions<IngestionOptions>(services, configuration, IngestionOptions.SectionName);
        AddValidatedOptions<GoldOptions>(services, configuration, GoldOptions.SectionName);
        AddValidatedOptions<SilverOptions>(services, configuration, SilverOptions.SectionName);
        services.AddSingleton<SilverBatchGate>();
        var lake = AddValidatedOptions<LakeOptions>(services, configuration, LakeOptions.SectionName);
        var state = AddValidatedOptions<GrainStateOptions>(services, configuration, GrainStateOptions.SectionName);

        var lakeRoot = Path.GetFullPath(lake.Root);
        var stateDirectory = string.IsNullOrWhiteSpace(state.Directory)
            ? Path.Combine(lakeRoot, "_orleans", "grain-state")
            : Path.GetFullPath(state.Directory);

        services.AddSingleton<ILakeStorage>(_ => new LocalLakeStorage(lakeRoot));
        silo.AddFileGrainStorage(GrainStorageNames.Default, stateDirectory);
        silo.AddFileGrainStorage(GrainStorageNames.PubSub, stateDirectory);
        silo.AddMemoryStreams(TableStreams.ProviderName);
        silo.AddLakehouseTelemetry();
        return silo;
    }

    /// <summary>Maps <c>/health</c> (every check), <c>/alive</c> (the process answers) and, when enabled, the dashboard.</summary>
    public static WebApplication MapKardiaflowEndpoints(this WebApplication app, bool withDashboard)
    {
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

    private static T AddValidatedOptions<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        return configuration.GetSection(section).Get<T>() ?? new T();
    }
}
