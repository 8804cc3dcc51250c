using System.Globalization;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;
using Kardiaflow.Silo.Lease;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Client.Hosting;

/// <summary>
/// A silo inside the console process: the same host setup as <c>src/Silo</c>, on free loopback ports, its logs on
/// standard error. <c>run</c> uses a Local-profile one with its lake in the given folder; <c>rebuild</c> of an Azure lake
/// uses an Azure-profile one in a cluster of its own (same service, so the same grain state, but no other silo joins it).
/// </summary>
internal static class EmbeddedSilo
{
    /// <param name="webPort">With a port: the silo in a web host serving the dashboard and KPI pages (<c>run --serve</c>).</param>
    /// <param name="lease">The lake's writer lease when the command already holds it (<c>rebuild</c>); otherwise the
    /// silo takes one of its own as <c>kardiaflow run</c> and start fails with <see cref="LakeLeaseHeldException"/> when
    /// another writer holds the lake.</param>
    public static Task<IHost> StartAsync(string lakeRoot, bool verbose, CancellationToken cancellationToken, int? webPort = null, LakeWriterLease? lease = null) =>
        StartAsync(new Dictionary<string, string?>
        {
            [$"{ProfileOptions.SectionName}:{nameof(ProfileOptions.Profile)}"] = ProfileOptions.Local,
            [$"{LakeOptions.SectionName}:{nameof(LakeOptions.Root)}"] = lakeRoot,
        }, verbose, cancellationToken, webPort, lease);

    public static async Task<IHost> StartAzureAsync(ClientProfile profile, bool verbose, CancellationToken cancellationToken, LakeWriterLease? lease = null)
    {
        await AzureProfile.CheckStorageAsync(profile.Configuration, cancellationToken);
        return await StartAsync(new Dictionary<string, string?>
        {
            [$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.ClusterId)}"] = $"rebuild-{Guid.NewGuid():N}"[..20],
            [$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.AdvertisedIPAddress)}"] = "127.0.0.1",
        }, verbose, cancellationToken, webPort: null, lease);
    }

    private static async Task<IHost> StartAsync(
        Dictionary<string, string?> overrides, bool verbose, CancellationToken cancellationToken, int? webPort, LakeWriterLease? lease)
    {
        IHostApplicationBuilder builder = webPort is { } port
            ? Web.ServedSilo.CreateBuilder(port)
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A one-shot job updates Gold once, at its end (PipelineFinish): an interval epoch in the middle of Silver
            // would only fold the same changes twice (on 100k patients it cost a tenth of the run).
            [$"{Grains.Gold.GoldOptions.SectionName}:{nameof(Grains.Gold.GoldOptions.UpdateInterval)}"] = "00:00:00",
        });

        // Kardiaflow__Ingestion__MaxConcurrentParts=4 and the like still tune the embedded silo; the profile, the lake and
        // the ports are this command's.
        builder.Configuration.AddEnvironmentVariables();
        overrides[$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.SiloPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        overrides[$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.GatewayPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        overrides[$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.PrimarySiloPort)}"] = "0";
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", verbose ? LogLevel.Warning : LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        // Logging__LogLevel__Default=Trace and the like override the levels above (registered last, they win): the PHI
        // scan (tests/EndToEnd.Tests/Security) reads every level of the embedded silo's logs.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        // Before Orleans, so it is left after the silo stopped: the embedded silo is a writer of its own (run), or the
        // command's (rebuild took the lease before deleting anything), never part of another cluster's lease.
        var slot = builder.AddKardiaflowLakeLease();
        builder.AddKardiaflowSilo(withDashboard: webPort is not null);
        slot.Lease = lease ?? await slot.AcquireLakeLeaseAsync(builder.Configuration, LeaseHolder.ForCommand("run"), cancellationToken);

        try
        {
            var host = builder is HostApplicationBuilder plain ? plain.Build() : Web.ServedSilo.Build(builder);
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            // The silo never ran: leave the lease at once rather than block the lake until it expires.
            await slot.Lease.ReleaseAsync(CancellationToken.None);
            throw;
        }
    }
}
