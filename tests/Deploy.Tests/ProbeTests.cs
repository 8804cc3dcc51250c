using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Kardiaflow.Deploy.Tests.Support;

namespace Kardiaflow.Deploy.Tests;

/// <summary>
/// The probe paths of the Deployment and the image's HEALTHCHECK command, against a real silo: the standalone silo
/// (`dotnet Kardiaflow.Silo.dll`, Local profile, free loopback ports, a scratch lake) answers every path the manifests
/// probe, and the Dockerfile's HEALTHCHECK command, run by a shell with the web port in its environment, passes against
/// it and fails against a port nobody listens on.
/// </summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task The_silo_answers_every_probe_and_the_image_healthcheck()
    {
        var lake = Directory.CreateTempSubdirectory("kardiaflow-probe-lake-");
        var web = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kardiaflow.Silo.dll"));
        start.Environment["Kardiaflow__Lake__Root"] = lake.FullName;
        start.Environment["Kardiaflow__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Kardiaflow__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Kardiaflow__Web__Port"] = web.ToString(CultureInfo.InvariantCulture);
        start.Environment["Kardiaflow__Web__DashboardEnabled"] = "false";
        using var silo = Process.Start(start)!;
        var output = silo.StandardOutput.ReadToEndAsync();
        var errors = silo.StandardError.ReadToEndAsync();
        try
        {
            var container = (await RenderedOverlay.OfAsync("prod")).SiloContainer;
            var paths = new[] { container.StartupProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path }.Distinct().ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var path in paths)
            {
                await WaitForOkAsync(http, new Uri($"http://127.0.0.1:{web}{path}"), silo, TimeSpan.FromMinutes(2));
            }

            var healthcheck = Dockerfile.Load("src", "Silo", "Dockerfile").All("HEALTHCHECK").Single().Arguments;
            var command = healthcheck[(healthcheck.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..];
            var environment = new Dictionary<string, string> { ["Kardiaflow__Web__Port"] = web.ToString(CultureInfo.InvariantCulture) };
            (await Tool.RunAsync("/bin/sh", ["-c", command], environment: environment, timeout: TimeSpan.FromSeconds(30))).Succeeded();

            environment["Kardiaflow__Web__Port"] = FreePort().ToString(CultureInfo.InvariantCulture);
            var refused = await Tool.RunAsync("/bin/sh", ["-c", command], environment: environment, timeout: TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, refused.ExitCode);
        }
        finally
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
            }

            await silo.WaitForExitAsync();
            _ = await output + await errors;
            lake.Delete(recursive: true);
        }
    }

    private static async Task WaitForOkAsync(HttpClient http, Uri uri, Process silo, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(silo.HasExited, $"the silo exited while {uri} was probed");
            try
            {
                using var response = await http.GetAsync(uri);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{uri} did not answer 200 within {timeout}: {last}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
