using System.Globalization;
using System.Net;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// Security posture of the Local profile: every socket a real silo listens on (web pages, dashboard, /metrics, /health,
/// the silo and gateway ports, the loopback Event Hubs endpoint) is bound to loopback, read from the kernel's socket
/// tables rather than from the silo's own settings; and no setting opens the web host around that rule.
/// </summary>
public sealed class ListenerAddressTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Every_socket_the_Local_silo_and_run_serve_listen_on_is_bound_to_loopback()
    {
        var lake = TestData.NewFolder("listen-lake");
        var settings = new Dictionary<string, string>
        {
            ["Kardiaflow__Lake__Root"] = lake,
            ["Kardiaflow__Web__DashboardEnabled"] = "true",
            // Hosting's own URL setting is overridden by the silo's listener (Kestrel says so in a warning), never added to it.
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{FreePorts.Next()}",
        };
        using (var silo = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("listen-workdir"), TimeSpan.FromMinutes(2), lake))
        {
            await AssertServedAsync(silo.WebPort);
            var sockets = ListeningSockets.Of(silo.ProcessId);
            Assert.Contains(sockets, s => s.Port == silo.WebPort);
            Assert.Contains(sockets, s => s.Port == silo.SiloPort);
            Assert.Contains(sockets, s => s.Port == silo.GatewayPort);
            Assert.True(sockets.Count >= 4, $"expected web, silo, gateway and Event Hubs listeners: {string.Join(", ", sockets)}");
            Assert.All(sockets, s => Assert.True(ListeningSockets.IsLoopback(s), $"the silo listens on {s}: {string.Join(", ", sockets)}"));
            output.WriteLine($"standalone silo listens on {string.Join(", ", sockets)}");
        }

        // The embedded silo of `run --serve` is another web host (ServedSilo): the same rule.
        var input = TestData.NewFolder("listen-input");
        Directory.CreateDirectory(Path.Combine(input, "providers"));
        File.Copy(Path.Combine(TestData.SamplesFolder, "providers", "providers_part_1.tsv"), Path.Combine(input, "providers", "providers_part_1.tsv"));
        var port = FreePorts.Next();
        using var run = KardiaflowProcess.Start(
            "run", "--input", input, "--lake", TestData.NewFolder("serve-lake"), "--serve", "--port", port.ToString(CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!run.StandardOutput.Contains("until Ctrl+C.", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, $"run exited early:\n{run.StandardOutput}\n{run.StandardError}");
            Assert.True(DateTime.UtcNow < deadline, $"no 'Serving' line:\n{run.StandardOutput}\n{run.StandardError}");
            await Task.Delay(200);
        }

        await AssertServedAsync(port);
        var served = ListeningSockets.Of(run.Id);
        Assert.Contains(served, s => s.Port == port);
        Assert.True(served.Count >= 3, $"expected web, silo and gateway listeners: {string.Join(", ", served)}");
        Assert.All(served, s => Assert.True(ListeningSockets.IsLoopback(s), $"run --serve listens on {s}: {string.Join(", ", served)}"));
        output.WriteLine($"run --serve listens on {string.Join(", ", served)}");
    }

    [Fact]
    public async Task A_Kestrel_endpoint_setting_cannot_open_the_Local_silo_beyond_loopback()
    {
        // Before the fix this silo started and listened on 0.0.0.0 beside 127.0.0.1, with no sign-in in front of the pages.
        var lake = TestData.NewFolder("kestrel-lake");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StandaloneSilo.StartAsync(
            new Dictionary<string, string> { ["Kardiaflow__Lake__Root"] = lake, ["Kestrel__Endpoints__Http__Url"] = $"http://0.0.0.0:{FreePorts.Next()}" },
            TestData.NewFolder("kestrel-workdir"), TimeSpan.FromMinutes(1), lake));
        Assert.Contains("The silo exited during start", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints (Http) is set", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", failure.Message, StringComparison.Ordinal);
    }

    private static async Task AssertServedAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var path in new[] { "health", "metrics", "kpis/claims", "dashboard" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{path} answered {(int)response.StatusCode} on 127.0.0.1:{port}");
        }
    }
}
