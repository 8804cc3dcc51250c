using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Tests.Azure;

/// <summary>
/// A private Azurite (blob service only) on a free loopback port, in memory, started for a test class and killed
/// when it is disposed. The binary comes from KARDIAFLOW_AZURITE_BIN (scripts/test.sh installs it into .tools/),
/// or from .tools/node_modules/.bin above the test assembly.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;
    private string? _location;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>A fresh container, so tests sharing the instance never see each other's blobs.</summary>
    public async Task<AzureBlobLakeStorage> NewStorageAsync(string? rootPrefix = null)
    {
        var container = new BlobContainerClient(ConnectionString, "t" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        return new AzureBlobLakeStorage(container, rootPrefix);
    }

    public async Task InitializeAsync()
    {
        var binary = FindBinary();
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _location = Path.Combine(Path.GetTempPath(), "kf-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_location);
            var info = new ProcessStartInfo(binary)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,

                // --location cannot be combined with --inMemoryPersistence; a fresh working folder keeps whatever
                // Azurite still writes (debug log, lock files) away from other instances.
                WorkingDirectory = _location,
            };
            foreach (var arg in new[]
                     {
                         "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--inMemoryPersistence", "--skipApiVersionCheck", "--silent",
                     })
            {
                info.ArgumentList.Add(arg);
            }

            _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {binary}.");
            var errors = new System.Text.StringBuilder();
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
            if (await WaitForPortAsync(Port, _process, TimeSpan.FromSeconds(30)))
            {
                return;
            }

            await DisposeAsync();
            if (attempt == 2)
            {
                string stderr;
                lock (errors)
                {
                    stderr = errors.ToString();
                }

                throw new InvalidOperationException($"Azurite ({binary}) did not start listening on a loopback port after 3 attempts: {stderr}");
            }
        }
    }

    public Task DisposeAsync()
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

        return Task.CompletedTask;
    }

    private static string FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("KARDIAFLOW_AZURITE_BIN");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            // Prefer the blob-only entry point next to it: fewer ports, faster start.
            candidates.Add(Path.Combine(Path.GetDirectoryName(configured)!, "azurite-blob"));
            candidates.Add(configured);
        }

        // The source location covers builds whose output lives outside the repository (--artifacts-path).
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFile())! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                candidates.Add(Path.Combine(dir.FullName, ".tools", "node_modules", ".bin", "azurite-blob"));
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Azurite is not installed. Run scripts/test.sh (it installs azurite into .tools/ and sets KARDIAFLOW_AZURITE_BIN), " +
                "or `cd .tools && npm install azurite@3`.");
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
