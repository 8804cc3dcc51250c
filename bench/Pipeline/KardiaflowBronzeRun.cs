using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// The Kardiaflow side of the Bronze benchmark, as its own process (<c>bench kardiaflow-bronze INPUT LAKE</c>): the
/// embedded Local silo that <c>kardiaflow run</c> starts, one submission of the whole folder, followed to the end.
/// </summary>
/// <remarks>
/// <c>kardiaflow run</c> goes on into Silver (and its feeds start on the first Bronze commit, sharing the cores), so
/// timing it would measure Silver too; the DuckDB peer stops at Bronze Parquet, and so does this. Grains of the layers
/// after Bronze are left out of the silo so nothing but Bronze runs. Prints its phases as JSON on the last line.
/// </remarks>
internal static class KardiaflowBronzeRun
{
    private static readonly string[] BronzeGrainNamespaces = ["Kardiaflow.Grains.Ingestion", "Kardiaflow.Grains.Tables"];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var stopwatch = Stopwatch.StartNew();
        var input = Path.GetFullPath(args[0]);
        var lake = Path.GetFullPath(args[1]);
        Directory.CreateDirectory(lake);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kardiaflow:Lake:Root"] = lake,
            ["Kardiaflow:Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss.fff "));
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("KF_BENCH_VERBOSE") == "1" ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddKardiaflowSilo();
        builder.Services.PostConfigure<GrainTypeOptions>(o => o.Classes.RemoveWhere(IsAfterBronze));

        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var startup = stopwatch.Elapsed;

        var client = host.Services.GetRequiredService<IClusterClient>();
        var job = client.GetGrain<IIngestionJobGrain>("bench-" + Guid.NewGuid().ToString("N")[..8]);
        await job.SubmitAsync(new SubmissionRequest(Path.TrimEndingDirectorySeparator(input), null, []));
        JobSnapshot snapshot;
        while (!(snapshot = await job.GetStatusAsync()).IsTerminal)
        {
            await Task.Delay(50, cancellationToken);
        }

        var ingest = stopwatch.Elapsed - startup;
        await host.StopAsync(cancellationToken);
        var stop = stopwatch.Elapsed - startup - ingest;
        if (!snapshot.Succeeded)
        {
            await Console.Error.WriteLineAsync("The Bronze job did not succeed: " + snapshot.Error);
            return 1;
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["runtime"] = sinceProcessStart.TotalSeconds,
            ["startup"] = startup.TotalSeconds,
            ["ingest"] = ingest.TotalSeconds,
            ["stop"] = stop.TotalSeconds,
        }));
        return 0;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsAfterBronze(Type type) =>
        type.Namespace is { } ns && ns.StartsWith("Kardiaflow.Grains.", StringComparison.Ordinal)
        && !BronzeGrainNamespaces.Any(b => ns.StartsWith(b, StringComparison.Ordinal));
}
