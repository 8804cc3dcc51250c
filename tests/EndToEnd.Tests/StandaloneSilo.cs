using System.Globalization;
using System.Net.Sockets;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// The standalone silo (<c>dotnet Kardiaflow.Silo.dll</c>, what <c>dotnet run --project src/Silo</c> starts) as a child
/// process on free loopback ports, its lake in a scratch folder; ready when <c>/health</c> answers 200.
/// </summary>
internal sealed class StandaloneSilo : IDisposable
{
    private readonly KardiaflowProcess _process;

    private StandaloneSilo(KardiaflowProcess process, int siloPort, int gatewayPort, int webPort, string lake)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        WebPort = webPort;
        Lake = lake;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int WebPort { get; }

    public string Lake { get; }

    /// <summary>The silo's process id (its listening sockets are read from /proc by the security tests).</summary>
    public int ProcessId => _process.Id;

    public string Output => _process.StandardOutput + _process.StandardError;

    public bool HasExited => _process.HasExited;

    public static Task<StandaloneSilo> StartAsync(string lake, TimeSpan timeout) =>
        StartAsync(new Dictionary<string, string> { ["Kardiaflow__Lake__Root"] = lake }, AppContext.BaseDirectory, timeout, lake);

    /// <summary>
    /// A silo with the given settings (environment variables) and its own free ports, started from
    /// <paramref name="workingDirectory"/>; <paramref name="lake"/> only labels it.
    /// </summary>
    public static async Task<StandaloneSilo> StartAsync(
        IReadOnlyDictionary<string, string> settings, string workingDirectory, TimeSpan timeout, string lake = "")
    {
        var (silo, gateway, web) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var environment = new Dictionary<string, string>(settings)
        {
            ["Kardiaflow__Cluster__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__Cluster__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__Web__Port"] = web.ToString(CultureInfo.InvariantCulture),
            ["Kardiaflow__Web__DashboardEnabled"] = settings.GetValueOrDefault("Kardiaflow__Web__DashboardEnabled", "false"),
        };
        environment.TryAdd("Kardiaflow__EventHubs__LocalPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture)); // the Local silo's Event Hubs endpoint
        var process = KardiaflowProcess.StartDllIn(workingDirectory, Path.Combine(AppContext.BaseDirectory, "Kardiaflow.Silo.dll"), environment);
        var standalone = new StandaloneSilo(process, silo, gateway, web, lake);
        try
        {
            await standalone.WaitHealthyAsync(timeout);
            return standalone;
        }
        catch
        {
            standalone.Dispose();
            throw;
        }
    }

    /// <summary>SIGTERM: the silo stops cleanly (leaves the cluster and the lake's writer lease).</summary>
    public Task<int> StopAsync() => _process.TerminateAsync(TimeSpan.FromMinutes(1));

    /// <summary>SIGKILL: the silo gets no chance to leave the cluster or flush anything.</summary>
    public void KillHard() => _process.KillHard();

    public void Dispose() => _process.Dispose();


    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForOutputDrained();
                throw new InvalidOperationException($"The silo exited during start:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{WebPort}/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo was not healthy within {timeout}:\n{Output}");
            }

            await Task.Delay(250);
        }
    }
}
