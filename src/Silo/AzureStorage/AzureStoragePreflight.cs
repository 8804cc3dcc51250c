using System.Net;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Startup;

namespace Kardiaflow.Silo.AzureStorage;

/// <summary>
/// What the Azure profile checks before a silo joins the cluster: both services answer, the identity may read and write
/// the lake container, and then the containers and tables the profile uses exist (created when missing). Every check runs
/// before anything is created, so a silo that fails here leaves the account as it found it.
/// </summary>
public static class AzureStoragePreflight
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(AzureStorageClients clients, string lakeContainer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        var token = timeout.Token;

        var lake = clients.Blobs.GetBlobContainerClient(lakeContainer);
        var lakeExists = await CallAsync(clients, "Blob", clients.Blobs.Uri, $"read container '{lakeContainer}'", async () => (await lake.ExistsAsync(token)).Value, token);
        await CallAsync(clients, "Table", clients.Tables.Uri, "list tables", async () =>
        {
            await foreach (var _ in clients.Tables.QueryAsync(t => t.Name == AzureStorageOptions.MembershipTable, cancellationToken: token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        }, token);

        if (lakeExists)
        {
            // An existing container proves nothing about writing: probe with a blob that only this silo names.
            var probe = lake.GetBlobClient($"_orleans/probe/{Guid.NewGuid():N}");
            await CallAsync(clients, "Blob", clients.Blobs.Uri, $"write to container '{lakeContainer}'", async () =>
            {
                await probe.UploadAsync(BinaryData.FromString("probe"), overwrite: false, token);
                await probe.DeleteIfExistsAsync(cancellationToken: token);
                return true;
            }, token);
        }

        foreach (var container in new[] { lakeContainer, AzureStorageOptions.GrainStateContainer })
        {
            var client = clients.Blobs.GetBlobContainerClient(container);
            await CallAsync(clients, "Blob", clients.Blobs.Uri, $"create container '{container}'", async () =>
            {
                await client.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: token);
                return true;
            }, token);
        }

        foreach (var table in new[] { AzureStorageOptions.MembershipTable, AzureStorageOptions.GrainStateTable })
        {
            await CallAsync(clients, "Table", clients.Tables.Uri, $"create table '{table}'", async () =>
            {
                await clients.Tables.CreateTableIfNotExistsAsync(table, token);
                return true;
            }, token);
        }
    }

    private static async Task<T> CallAsync<T>(AzureStorageClients clients, string service, Uri endpoint, string what, Func<Task<T>> call, CancellationToken token)
    {
        var where = $"{service} endpoint {endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}";
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.Unauthorized)
        {
            throw new SiloStartupException(
                $"The {where} refused to {what} ({e.Status} {e.ErrorCode}): the credentials from {clients.Source} lack that permission (Storage Blob/Table Data Contributor, or a SAS with read, write, create, delete, list).", e);
        }
        catch (RequestFailedException e) when (e.Status == 0 || e.InnerException is HttpRequestException or IOException)
        {
            throw new SiloStartupException($"Cannot reach the {where} ({Reason(e)}): check {clients.Source} and that the service is running.", e);
        }
        catch (RequestFailedException e)
        {
            throw new SiloStartupException($"The {where} failed to {what} ({e.Status} {e.ErrorCode}).", e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is RequestFailedException or HttpRequestException))
        {
            throw new SiloStartupException($"Cannot reach the {where} ({Reason(e.InnerExceptions[^1])}): check {clients.Source} and that the service is running.", e);
        }
        catch (HttpRequestException e)
        {
            throw new SiloStartupException($"Cannot reach the {where} ({Reason(e)}): check {clients.Source} and that the service is running.", e);
        }
        catch (OperationCanceledException e) when (token.IsCancellationRequested)
        {
            throw new SiloStartupException($"The {where} did not answer within {Budget.TotalSeconds:0} s: check {clients.Source} and that the service is running.", e);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new SiloStartupException($"No Azure identity could get a token for the {where} ({StartupErrors.FirstLine(e.Message).TrimEnd('.')}): on AKS check the workload identity; elsewhere set {clients.Source} or sign in.", e);
        }
    }

    private static string Reason(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return StartupErrors.FirstLine(innermost.Message).TrimEnd('.');
    }
}
