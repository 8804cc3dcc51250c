using System.Diagnostics;
using System.Globalization;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.EventHubs.Local;

namespace Kardiaflow.EventHubs.Tests;

/// <summary>
/// The serving endpoint's process is killed (no shutdown at all): a standby endpoint in this process gets the folder
/// lock and the port, and clients that were connected to the dead one carry on against it with every accepted event.
/// </summary>
public sealed class TakeOverTests
{
    [Fact]
    public async Task A_standby_endpoint_takes_over_when_the_serving_process_is_killed()
    {
        var folder = Directory.CreateTempSubdirectory("kardiaflow-eh-kill-").FullName;
        var port = FreePort();
        var helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Kardiaflow.EventHubs.EndpointProcess.exe" : "Kardiaflow.EventHubs.EndpointProcess");
        Assert.True(File.Exists(helper), $"The helper process {helper} is not next to the tests; build tests/EventHubs.EndpointProcess.");
        var info = new ProcessStartInfo(helper) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(folder);
        using var serving = Process.Start(info)!;
        try
        {
            using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                Assert.Equal("ready", await serving.StandardOutput.ReadLineAsync(ready.Token));
            }

            var options = new LocalEventHubsOptions { LocalPort = port, DataFolder = folder, StandbyWhenInUse = true };
            await using var standby = new LocalEventHubsEndpoint(Microsoft.Extensions.Options.Options.Create(options));
            await standby.StartAsync(CancellationToken.None);
            Assert.Equal(0, standby.Port);

            var connectionString = $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=any;SharedAccessKey=any;UseDevelopmentEmulator=true;EntityPath=arrivals";
            await using var producer = new EventHubProducerClient(connectionString);
            await producer.SendAsync(Enumerable.Range(0, 20).Select(i => new EventData(BitConverter.GetBytes(i))), new SendEventOptions { PartitionId = "2" });

            serving.Kill(entireProcessTree: true);
            await serving.WaitForExitAsync();

            // The same producer, connected to the killed process, retries against whoever serves the port now.
            await producer.SendAsync(Enumerable.Range(20, 20).Select(i => new EventData(BitConverter.GetBytes(i))), new SendEventOptions { PartitionId = "2" });
            Assert.Equal(port, standby.Port);

            await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, connectionString);
            var events = await ProducerConsumerTests.ReadAsync(consumer, "2", EventPosition.Earliest, 40);
            Assert.Equal(Enumerable.Range(0, 40), events.Select(e => BitConverter.ToInt32(e.EventBody.ToArray())));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), events.Select(e => e.SequenceNumber));
        }
        finally
        {
            if (!serving.HasExited)
            {
                serving.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
