using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Client.Hosting;

/// <summary>
/// A Local-profile silo inside the console process (what <c>kardiaflow run</c> uses): the same host setup as
/// <c>src/Silo</c>, on free loopback ports, its lake in the given folder, its logs on standard error.
/// </summary>
internal static class EmbeddedSilo
{
    public static async Task<IHost> StartAsync(string lakeRoot, bool verbose, CancellationToken cancellationToken, int? webPort = null)
    {
        // With a web port: the same silo in a web host, serving the dashboard and KPI pages (`run --serve`).
        IHostApplicationBuilder builder = webPort is { } port
            ? Web.ServedSilo.CreateBuilder(port)
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{LakeOptions.SectionName}:{nameof(LakeOptions.Root)}"] = lakeRoot,
            [$"{LocalClusterOptions.SectionName}:{nameof(LocalClusterOptions.SiloPort)}"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{LocalClusterOptions.SectionName}:{nameof(LocalClusterOptions.GatewayPort)}"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A one-shot job updates Gold once, at its end (PipelineFinish): an interval epoch in the middle of Silver
            // would only fold the same changes twice (on 100k patients it cost a tenth of the run).
            [$"{Grains.Gold.GoldOptions.SectionName}:{nameof(Grains.Gold.GoldOptions.UpdateInterval)}"] = "00:00:00",
        });

        // Kardiaflow__Ingestion__MaxConcurrentParts=4 and the like still tune the embedded silo.
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", verbose ? LogLevel.Warning : LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.AddKardiaflowSilo(withDashboard: webPort is not null);

        var host = builder is HostApplicationBuilder plain ? plain.Build() : Web.ServedSilo.Build(builder);
        await host.StartAsync(cancellationToken);
        return host;
    }
}
