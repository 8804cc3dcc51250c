using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Startup;

namespace Kardiaflow.Silo.AzureStorage;

/// <summary>
/// The Blob and Table service clients of the Azure profile, built from <c>ConnectionStrings:Storage</c> (a storage
/// connection string, Azurite's included) or, when that is not set, from <c>Kardiaflow:Azure:BlobServiceUri</c> and
/// <c>Kardiaflow:Azure:TableServiceUri</c> with <see cref="DefaultAzureCredential"/> (workload identity on AKS). The silo,
/// its grain storage and the console all build their clients here, so they agree on what one setting means.
/// </summary>
public sealed class AzureStorageClients
{
    private const string ConnectionStringSetting = "ConnectionStrings:" + AzureStorageOptions.ConnectionStringName;
    private const string BlobUriSetting = AzureStorageOptions.SectionName + ":" + nameof(AzureStorageOptions.BlobServiceUri);
    private const string TableUriSetting = AzureStorageOptions.SectionName + ":" + nameof(AzureStorageOptions.TableServiceUri);

    private AzureStorageClients(BlobServiceClient blobs, TableServiceClient tables, string source)
    {
        Blobs = blobs;
        Tables = tables;
        Source = source;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    /// <summary>Which setting the clients came from, for messages (never the connection string itself: it holds a key).</summary>
    public string Source { get; }

    /// <exception cref="SiloStartupException">A setting is missing or malformed; the message names it.</exception>
    public static AzureStorageClients Create(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(AzureStorageOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        var options = configuration.GetSection(AzureStorageOptions.SectionName).Get<AzureStorageOptions>() ?? new AzureStorageOptions();
        if (string.IsNullOrWhiteSpace(options.BlobServiceUri) && string.IsNullOrWhiteSpace(options.TableServiceUri))
        {
            throw new SiloStartupException(
                $"The Azure profile needs storage: set {ConnectionStringSetting} (a storage connection string), or {BlobUriSetting} and {TableUriSetting} (with an Azure identity).");
        }

        var blobUri = ServiceUri(options.BlobServiceUri, BlobUriSetting);
        var tableUri = ServiceUri(options.TableServiceUri, TableUriSetting);
        TokenCredential credential = new DefaultAzureCredential();
        return new AzureStorageClients(
            new BlobServiceClient(blobUri, credential, BlobOptions()),
            new TableServiceClient(tableUri, credential, TableOptions()),
            $"{BlobUriSetting} and {TableUriSetting}");
    }

    private static AzureStorageClients FromConnectionString(string connectionString)
    {
        BlobServiceClient blobs;
        TableServiceClient tables;
        try
        {
            blobs = new BlobServiceClient(connectionString, BlobOptions());
            tables = new TableServiceClient(connectionString, TableOptions());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The SDK's message can quote the string, key included: it is not repeated.
            throw new SiloStartupException(
                $"{ConnectionStringSetting} is not a valid Azure Storage connection string (expected 'DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...' with Blob and Table endpoints, or 'UseDevelopmentStorage=true').");
        }

        return new AzureStorageClients(blobs, tables, ConnectionStringSetting);
    }

    private static Uri ServiceUri(string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SiloStartupException($"{setting} is missing: the Azure profile without {ConnectionStringSetting} needs both service URIs.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new SiloStartupException($"{setting} '{value}' is not an absolute http(s) URI (e.g. https://<account>.blob.core.windows.net).");
        }

        return uri;
    }

    // A silo retries storage calls for a short while only: at start an endpoint that does not answer should be reported in
    // seconds, and in a running cluster Orleans' own retries sit above these.
    private static BlobClientOptions BlobOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
