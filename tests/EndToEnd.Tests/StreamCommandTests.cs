using System.Globalization;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// <c>kardiaflow stream --wait</c> against the standalone silo, all real processes: the console publishes the sample with
/// the real Event Hubs client to the loopback endpoint the silo hosts, the silo's Orleans Event Hubs provider reads it.
/// </summary>
public sealed class StreamCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Stream_wait_publishes_the_sample_as_events_and_follows_them_through_Gold_and_the_checks()
    {
        var lake = TestData.NewFolder("lake");
        var port = FreePort();
        using var silo = await StandaloneSilo.StartAsync(
            new Dictionary<string, string> { ["Kardiaflow__Lake__Root"] = lake, ["Kardiaflow__EventHubs__LocalPort"] = port },
            AppContext.BaseDirectory, TimeSpan.FromMinutes(2), lake);
        var gateway = silo.GatewayPort.ToString(CultureInfo.InvariantCulture);

        var (exit, output, error) = await KardiaflowProcess.RunAsync(
            new Dictionary<string, string> { ["Kardiaflow__EventHubs__LocalPort"] = port },
            Timeout, "stream", "--input", TestData.CopySamples(), "--rate", "20000", "--wait", "--gateway-port", gateway);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}\nsilo:\n{silo.Output}");
        Assert.Matches(@"Published 25,?195 events to arrivals in [\d.]+ s: \d+ events/s \(asked 20000\)\.", output);
        Assert.Contains("Bronze holds every published event", output, StringComparison.Ordinal);
        Assert.Contains("25195 events over 4 partitions, each sequence number once", output, StringComparison.Ordinal);
        Assert.Contains("GOLD checks (", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(FAIL|ERROR)\b", output);

        var (statusExit, statusOutput, _) = await KardiaflowProcess.RunAsync(Timeout, "status", "--gateway-port", gateway);
        Assert.Equal(0, statusExit);
        Assert.Matches(@"gold_provider_daily_spend\s*│\s*\d+\s*│\s*[\d.]+ s", statusOutput);
    }

    private static string FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
