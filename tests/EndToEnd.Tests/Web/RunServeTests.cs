using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary><c>kardiaflow run --serve</c>: the embedded silo keeps serving its pages after the run until Ctrl+C.</summary>
public sealed class RunServeTests
{
    [Fact]
    public async Task Run_serve_prints_the_url_serves_the_pages_after_the_run_and_stops_on_ctrl_c()
    {
        var port = FreePorts.Next();
        using var run = KardiaflowProcess.StartInterruptible(
            "run", "--input", TestData.CopySamples(), "--lake", TestData.NewFolder("serve-lake"), "--serve", "--port", port.ToString(CultureInfo.InvariantCulture));
        var url = $"http://127.0.0.1:{port}";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!run.StandardOutput.Contains($"Serving {url}/kpis/claims until Ctrl+C.", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, $"run exited early:\n{run.StandardOutput}\n{run.StandardError}");
            Assert.True(DateTime.UtcNow < deadline, $"no 'Serving' line:\n{run.StandardOutput}\n{run.StandardError}");
            await Task.Delay(200);
        }

        Assert.Contains($"KPI pages: {url}/kpis/claims", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("GOLD checks (", run.StandardOutput, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        Assert.Contains("\"spend-trend\"", await http.GetStringAsync(new Uri("kpis/api/claims", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("new Chart(", await http.GetStringAsync(new Uri("kpis/assets/kpis/kpis.js", UriKind.Relative)), StringComparison.Ordinal);
        using (var dashboard = await http.GetAsync(new Uri("dashboard", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        }

        Assert.Contains("kardiaflow_layer_rows", await http.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);

        // Ctrl+C is SIGINT to the process.
        using (var interrupt = Process.Start("kill", ["-INT", run.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("Stopping.", run.StandardOutput, StringComparison.Ordinal);
    }
}
