using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.EventHubs.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kardiaflow.EventHubs.Tests;

/// <summary><c>AddLocalEventHubs</c> in a generic host: configuration names, the bound port, validation at start.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task The_hosted_endpoint_binds_a_free_port_from_configuration_and_serves_the_configured_hub()
    {
        var folder = Directory.CreateTempSubdirectory("kardiaflow-eh-host-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kardiaflow:EventHubs:LocalPort"] = "0",
                ["Kardiaflow:EventHubs:Hub"] = "streamed",
                ["Kardiaflow:EventHubs:PartitionCount"] = "2",
                ["Kardiaflow:EventHubs:DataFolder"] = folder,
            });
            builder.Services.AddLocalEventHubs(builder.Configuration.GetSection(LocalEventHubsOptions.SectionName));
            using var host = builder.Build();
            await host.StartAsync();

            var endpoint = host.Services.GetRequiredService<LocalEventHubsEndpoint>();
            Assert.NotEqual(0, endpoint.Port);
            Assert.Equal($"Endpoint=sb://127.0.0.1:{endpoint.Port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true;EntityPath=streamed", endpoint.GetConnectionString());
            await using (var producer = new EventHubProducerClient(endpoint.GetConnectionString()))
            {
                Assert.Equal(["0", "1"], await producer.GetPartitionIdsAsync());
            }

            await host.StopAsync();
            Assert.Equal(0, endpoint.Port);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting_with_the_reason()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLocalEventHubs(options =>
        {
            options.LocalPort = 0;
            options.Hub = "bad hub/name";
            options.DataFolder = "";
            options.StandbyWhenInUse = true;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("'bad hub/name' is not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("StandbyWhenInUse needs a fixed LocalPort", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataFolder", error.Message, StringComparison.Ordinal);
    }
}
