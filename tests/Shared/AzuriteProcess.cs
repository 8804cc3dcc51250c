using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kardiaflow.Tests.Shared;

/// <summary>
/// A private Azurite on free loopback ports, in memory, killed when disposed: the Blob service only, or Blob, Queue and
/// Table (what the Azure profile needs). The binary comes from KARDIAFLOW_AZURITE_BIN (scripts/test.sh installs it into
/// .tools/), or from .tools/node_modules/.bin above the test assembly or the current directory.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private string? _location;

    private AzuriteProcess()
    {
    }

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>A connection string with the Blob endpoint, and the Table endpoint when the Table service runs.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;"
        + (TablePort > 0 ? $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;" : string.Empty);

    public static async Task<AzuriteProcess> StartAsync(bool withTables)
    {
        var binary = FindBinary(withTables ? "azurite" : "azurite-blob");
        var azurite = new AzuriteProcess();
        for (var attempt = 0; ; attempt++)
        {
            var errors = new StringBuilder();
            azurite.Launch(binary, withTables, errors);
            if (await WaitForPortAsync(azurite.BlobPort, azurite._process!, TimeSpan.FromSeconds(90))
                && (!withTables || await WaitForPortAsync(azurite.TablePort, azurite._process!, TimeSpan.FromSeconds(90))))
            {
                return azurite;
            }

            await azurite.DisposeAsync();
            if (attempt == 2)
            {
                lock (errors)
                {
                    throw new InvalidOperationException($"Azurite ({binary}) did not start listening on loopback ports after 3 attempts: {errors}");
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            p.Dispose();
            _process = null;
        }

        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private void Launch(string binary, bool withTables, StringBuilder errors)
    {
        BlobPort = FreePorts.Next();
        TablePort = withTables ? FreePorts.Next() : 0;
        _location = Path.Combine(Path.GetTempPath(), "kf-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_location);

        // --location cannot be combined with --inMemoryPersistence; a fresh working folder keeps whatever Azurite still
        // writes (debug log, lock files) away from other instances.
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _location,
        };
        var arguments = new List<string> { "--blobHost", "127.0.0.1", "--blobPort", Invariant(BlobPort) };
        if (withTables)
        {
            arguments.AddRange(["--tableHost", "127.0.0.1", "--tablePort", Invariant(TablePort), "--queueHost", "127.0.0.1", "--queuePort", Invariant(FreePorts.Next())]);
        }

        arguments.AddRange(["--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"]);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {binary}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FindBinary(string name)
    {
        var configured = Environment.GetEnvironmentVariable("KARDIAFLOW_AZURITE_BIN");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(configured)!, name));
        }

        // The source location covers builds whose output lives outside the repository (--artifacts-path).
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFile())! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                candidates.Add(Path.Combine(dir.FullName, ".tools", "node_modules", ".bin", name));
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Azurite is not installed. Run scripts/test.sh (it installs azurite into .tools/ and sets KARDIAFLOW_AZURITE_BIN), " +
                "or `cd .tools && npm install azurite@3`.");
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;


    private static async Task<bool> WaitForPortAsync(int port, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
