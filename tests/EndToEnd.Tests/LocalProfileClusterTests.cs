using System.Globalization;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>Several <c>src/Silo</c> processes of the Local profile on one machine form one cluster over loopback.</summary>
public sealed class LocalProfileClusterTests
{
    [Fact]
    public async Task Three_Local_silo_processes_form_one_cluster_that_spreads_the_work_and_passes_the_checks()
    {
        var lake = TestData.NewFolder("lake");
        var settings = new Dictionary<string, string>
        {
            ["Kardiaflow__Lake__Root"] = lake,
            ["Kardiaflow__Cluster__ClusterId"] = "c" + Guid.NewGuid().ToString("N")[..12],
            ["Kardiaflow__Ingestion__TargetPartBytes"] = "65536",
            ["Kardiaflow__EventHubs__LocalPort"] = FreeLoopbackPort(), // hosted by the primary, read by all three
            // 48 buckets per Silver table: with hash placement on three silos, the chance that a silo gets none of a
            // table's buckets is (2/3)^48 per table, so every silo writing every table is not luck of the draw.
            ["Kardiaflow__Silver__Buckets"] = "48",
        };
        using var primary = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("silo-workdir"), TimeSpan.FromMinutes(2), lake);
        settings["Kardiaflow__Cluster__PrimarySiloPort"] = primary.SiloPort.ToString(CultureInfo.InvariantCulture);
        var others = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => StandaloneSilo.StartAsync(settings, TestData.NewFolder("silo-workdir"), TimeSpan.FromMinutes(2), lake)));
        try
        {
            var console = new Dictionary<string, string>
            {
                ["KARDIAFLOW_GATEWAY_PORT"] = others[0].GatewayPort.ToString(CultureInfo.InvariantCulture),
                ["Kardiaflow__Cluster__ClusterId"] = settings["Kardiaflow__Cluster__ClusterId"],
            };
            var (exit, output, error) = await KardiaflowProcess.RunAsync(console, TimeSpan.FromMinutes(5), "submit", TestData.SamplesFolder, "--wait");
            Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");

            using var client = await ConnectAsync(primary.GatewayPort, settings["Kardiaflow__Cluster__ClusterId"]);
            var statistics = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var perSilo = statistics.GroupBy(s => s.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key, g => g.Select(s => s.GrainType).ToList());
            Assert.Equal(
                new[] { primary.SiloPort, others[0].SiloPort, others[1].SiloPort }.Order(),
                perSilo.Keys.Order());
            foreach (var (port, types) in perSilo)
            {
                foreach (var stage in new[] { "FilePartitionGrain", "PartitionGrain", "KpiAggregatorGrain" })
                {
                    Assert.True(types.Any(t => t.Contains(stage, StringComparison.Ordinal)), $"silo on port {port} hosts no {stage}");
                }
            }

            // Silver runs on every silo: each hosts buckets of every Silver table, base and enriched.
            var buckets = statistics.Where(s => s.GrainType.Contains("SilverBucketGrain", StringComparison.Ordinal))
                .GroupBy(s => s.SiloAddress.Endpoint.Port)
                .ToDictionary(g => g.Key, g => g.Select(s => s.GrainId.Key.ToString()!.Split('/')[0]).ToHashSet(StringComparer.Ordinal));
            foreach (var port in perSilo.Keys)
            {
                var tables = buckets.GetValueOrDefault(port) ?? [];
                var missing = SilverTables.All.Where(t => !tables.Contains(t)).ToList();
                Assert.True(missing.Count == 0, $"silo on port {port} hosts no bucket of {string.Join(", ", missing)}");
            }
        }
        finally
        {
            foreach (var silo in others)
            {
                silo.Dispose();
            }
        }
    }

    private static async Task<IHost> ConnectAsync(int gatewayPort, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, "kardiaflow", clusterId));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
