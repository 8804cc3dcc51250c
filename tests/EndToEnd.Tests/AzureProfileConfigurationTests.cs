using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// A silo with a bad Azure-profile setting, or storage it cannot use, stops at start with one line on standard error that
/// names the setting or the endpoint, exits non-zero, and leaves nothing half-created.
/// </summary>
public sealed class AzureProfileConfigurationTests : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    private AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(withTables: true);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Azure_profile_without_storage_settings_names_the_settings_it_needs()
    {
        var line = await StartFailingSiloAsync(new() { ["Kardiaflow__Profile"] = "Azure" });
        Assert.Contains("ConnectionStrings:Storage", line, StringComparison.Ordinal);
        Assert.Contains("Kardiaflow:Azure:BlobServiceUri", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_named_without_being_quoted()
    {
        var line = await StartFailingSiloAsync(new()
        {
            ["Kardiaflow__Profile"] = "Azure",
            ["ConnectionStrings__Storage"] = "AccountName=devstoreaccount1;AccountKey=not-base64!;this is not a connection string",
        });
        Assert.Contains("ConnectionStrings:Storage is not a valid Azure Storage connection string", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_named()
    {
        var port = FreePorts.Next();
        var line = await StartFailingSiloAsync(new()
        {
            ["Kardiaflow__Profile"] = "Azure",
            ["ConnectionStrings__Storage"] = Azurite.ConnectionString.Replace(
                $"127.0.0.1:{Azurite.BlobPort}", $"127.0.0.1:{port}", StringComparison.Ordinal),
        });
        Assert.Contains($"Cannot reach the Blob endpoint http://127.0.0.1:{port}/devstoreaccount1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_that_cannot_write_the_lake_container_are_refused_before_anything_is_created()
    {
        // The container exists; the silo's credentials (an account SAS) may read and list, not write.
        var key = new StorageSharedKeyCredential("devstoreaccount1", AzuriteProcess.AccountKey);
        await new BlobContainerClient(Azurite.ConnectionString, "readonly").CreateIfNotExistsAsync();
        var sas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.All, AccountSasResourceTypes.All)
            .ToSasQueryParameters(key).ToString();
        var readOnly = $"BlobEndpoint=http://127.0.0.1:{Azurite.BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{Azurite.TablePort}/devstoreaccount1;SharedAccessSignature={sas}";

        var line = await StartFailingSiloAsync(new()
        {
            ["Kardiaflow__Profile"] = "Azure",
            ["ConnectionStrings__Storage"] = readOnly,
            ["Kardiaflow__Lake__Container"] = "readonly",
        });
        Assert.Contains("refused to write to container 'readonly'", line, StringComparison.Ordinal);
        Assert.Contains($"Blob endpoint http://127.0.0.1:{Azurite.BlobPort}/devstoreaccount1", line, StringComparison.Ordinal);

        // Nothing half-created: no grain-state container, no membership table.
        var blobs = new BlobServiceClient(Azurite.ConnectionString);
        Assert.False((await blobs.GetBlobContainerClient("kardiaflow-grainstate").ExistsAsync()).Value);
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(Azurite.ConnectionString).QueryAsync())
        {
            tables.Add(table.Name);
        }

        Assert.Empty(tables);
    }

    [Theory]
    [InlineData("Kardiaflow__Cluster__SiloPort", "eleven", "Kardiaflow:Cluster:SiloPort")]
    [InlineData("Kardiaflow__Cluster__GatewayPort", "70000", "Kardiaflow:Cluster:GatewayPort")]
    [InlineData("Kardiaflow__Lake__Container", "Not_A_Container", "Kardiaflow:Lake:Container")]
    [InlineData("Kardiaflow__Cluster__AdvertisedIPAddress", "somewhere", "Kardiaflow:Cluster:AdvertisedIPAddress")]
    public async Task A_malformed_setting_is_named(string variable, string value, string setting)
    {
        var line = await StartFailingSiloAsync(new()
        {
            ["Kardiaflow__Profile"] = "Azure",
            ["ConnectionStrings__Storage"] = Azurite.ConnectionString,
            [variable] = value,
        });
        Assert.Contains(setting, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_profile_is_named()
    {
        var line = await StartFailingSiloAsync(new() { ["Kardiaflow__Profile"] = "Cloud" });
        Assert.Contains("Kardiaflow:Profile must be 'Local' or 'Azure'", line, StringComparison.Ordinal);
    }

    /// <summary>Starts the real silo, which must exit non-zero with exactly one line on standard error; returns that line.</summary>
    private static async Task<string> StartFailingSiloAsync(Dictionary<string, string> settings)
    {
        settings["Kardiaflow__Web__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        settings.TryAdd("Kardiaflow__Cluster__SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        settings.TryAdd("Kardiaflow__Cluster__GatewayPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        settings["Kardiaflow__Lake__Root"] = TestData.NewFolder("lake");
        var folder = TestData.NewFolder("silo-workdir");
        using var silo = KardiaflowProcess.StartDllIn(folder, Path.Combine(AppContext.BaseDirectory, "Kardiaflow.Silo.dll"), settings);
        var exit = await silo.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var lines = silo.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exit != 0, $"the silo exited {exit}:\n{silo.StandardOutput}\n{silo.StandardError}");
        Assert.True(lines.Length == 1, $"expected one line on standard error, got {lines.Length}:\n{silo.StandardError}\n{silo.StandardOutput}");
        Assert.StartsWith("kardiaflow silo: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.StandardOutput + silo.StandardError, StringComparison.Ordinal);
        return lines[0];
    }
}
