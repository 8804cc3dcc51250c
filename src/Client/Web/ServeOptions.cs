using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kardiaflow.Client.Web;

/// <summary><c>--serve [--port N]</c> of <c>kardiaflow run</c>: keep the embedded silo and its pages up after the run until Ctrl+C.</summary>
internal static class ServeOptions
{
    public const int DefaultPort = 8080;

    public static Option<bool> Serve() => new("--serve")
    {
        Description = "Serve the Orleans Dashboard, the KPI pages and /metrics on http://127.0.0.1:<port> during the run, and keep them up after it until Ctrl+C.",
    };

    public static Option<int> Port() => new("--port")
    {
        Description = "Port of the pages with --serve (default: $Kardiaflow__Web__Port or 8080; 0 picks a free port).",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("Kardiaflow__Web__Port"), out var port) ? port : DefaultPort,
    };

    /// <summary>
    /// The embedded silo (a web host with <c>--serve</c>); null after printing one line when the web host cannot start
    /// (its port taken, most likely by a standalone silo on the same default port).
    /// </summary>
    public static async Task<IHost?> StartAsync(string lakeRoot, bool verbose, int? webPort, CancellationToken cancellationToken)
    {
        try
        {
            return await Hosting.EmbeddedSilo.StartAsync(lakeRoot, verbose, cancellationToken, webPort);
        }
        catch (Silo.Lease.LakeLeaseHeldException e)
        {
            // Another cluster (or a rebuild) writes this lake: one line, exit 1, nothing touched.
            await Console.Error.WriteLineAsync($"kardiaflow run: {e.Message}");
            return null;
        }
        catch (Exception e) when (webPort is not null && Silo.Startup.StartupErrors.TryDescribe(e, out var line))
        {
            await Console.Error.WriteLineAsync($"kardiaflow run --serve: {line} (--port picks another)");
            return null;
        }
    }

    public static void AnnounceStart(IAnsiConsole console, IHost host, int? webPort)
    {
        if (webPort is not null)
        {
            console.WriteLine($"KPI pages: {ServedSilo.Url(host)}/kpis/claims (also /kpis/experience, /kpis/quality, /dashboard, /metrics)");
        }
    }

    /// <summary>With <c>--serve</c>, prints the address and waits for Ctrl+C (the command's cancellation).</summary>
    public static async Task ServeUntilCancelledAsync(IAnsiConsole console, IHost host, int? webPort, CancellationToken cancellationToken)
    {
        if (webPort is null)
        {
            return;
        }

        console.WriteLine($"Serving {ServedSilo.Url(host)}/kpis/claims until Ctrl+C.");
        // Ctrl+C reaches both the command line (its token) and the host's console lifetime (ApplicationStopping),
        // whichever handles the signal first: either ends the wait.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            console.WriteLine("Stopping.");
        }
    }
}
