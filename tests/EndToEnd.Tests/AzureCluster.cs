using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// An Azure-profile cluster of real <c>src/Silo</c> processes on a private Azurite (Blob, Queue, Table), each silo started
/// from its own empty working folder; the console and an Orleans client in the test reach it through the membership table.
/// </summary>
internal sealed class AzureCluster : IAsyncDisposable
{
    private readonly List<StandaloneSilo> _silos = [];
    private readonly Dictionary<string, string> _extra;
    private IHost? _client;

    private AzureCluster(AzuriteProcess azurite, Dictionary<string, string> extra)
    {
        Azurite = azurite;
        _extra = extra;
        ClusterId = "c" + Guid.NewGuid().ToString("N")[..12];
    }

    public AzuriteProcess Azurite { get; }

    public string ClusterId { get; }

    public IReadOnlyList<StandaloneSilo> Silos => _silos;

    /// <summary>Working folders of the silos started so far, which must stay empty.</summary>
    public List<string> WorkingFolders { get; } = [];

    /// <summary>What the silos and the console share: the Azure profile, the storage, the cluster, fast failure detection.</summary>
    public Dictionary<string, string> Environment => new(_extra)
    {
        ["Kardiaflow__Profile"] = "Azure",
        ["ConnectionStrings__Storage"] = Azurite.ConnectionString,
        ["Kardiaflow__Cluster__ClusterId"] = ClusterId,
        ["Kardiaflow__Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["Kardiaflow__Cluster__Membership__ProbeTimeout"] = "00:00:02",
        ["Kardiaflow__Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Kardiaflow__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Kardiaflow__Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        // The Azure profile's pages require an Entra ID sign-in; /health, which says the silos are up, stays open.
        ["AzureAd__TenantId"] = "kardiaflow-tests",
        ["AzureAd__ClientId"] = "kardiaflow-tests",
    };

    public ILakeStorage Lake => new AzureBlobLakeStorage(new BlobContainerClient(Azurite.ConnectionString, "lakehouse"));

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Connect first.");

    public static async Task<AzureCluster> StartAsync(int silos, Dictionary<string, string>? settings = null)
    {
        var azurite = await AzuriteProcess.StartAsync(withTables: true);
        var cluster = new AzureCluster(azurite, settings ?? []);
        try
        {
            // The first silo creates the containers and tables; the others then start side by side.
            await cluster.StartSiloAsync();
            await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.StartSiloAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<StandaloneSilo> StartSiloAsync()
    {
        var folder = TestData.NewFolder("silo-workdir");
        var silo = await StandaloneSilo.StartAsync(Environment, folder, TimeSpan.FromMinutes(2));
        lock (_silos)
        {
            _silos.Add(silo);
            WorkingFolders.Add(folder);
        }

        return silo;
    }

    public async Task ConnectAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var tables = new TableServiceClient(Azurite.ConnectionString);
        builder.UseOrleansClient(client =>
        {
            client.UseAzureStorageClustering(o =>
            {
                o.TableServiceClient = tables;
                o.TableName = "OrleansSiloInstances";
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = "kardiaflow";
            });
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>The silo process whose Orleans address (port) is <paramref name="address"/>.</summary>
    public StandaloneSilo SiloAt(SiloAddress address) =>
        Assert.Single(_silos, s => s.SiloPort == address.Endpoint.Port);

    public static string Port(SiloAddress address) => address.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // The cluster may be gone already.
            }

            _client.Dispose();
        }

        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        await Azurite.DisposeAsync();
    }
}
