using System.Globalization;
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
}
