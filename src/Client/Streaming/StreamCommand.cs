using System.CommandLine;
using System.Globalization;
using Azure.Messaging.EventHubs.Producer;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Pipeline.Ingestion;
using Kardiaflow.Silo.Hosting;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kardiaflow.Client.Streaming;

/// <summary>
/// <c>kardiaflow stream --input DIR [--rate N] [--wait]</c>: publishes each record of DIR (any of the five formats) as
/// one Event Hubs event (docs/data-contract.md, Streamed arrivals) to the Local profile's loopback endpoint (<c>Kardiaflow__EventHubs__LocalPort</c>,
/// default 5672), to <c>ConnectionStrings__EventHubs</c>, or in the Azure profile to
/// <c>Kardiaflow__EventHubs__FullyQualifiedNamespace</c> with DefaultAzureCredential; hub <c>Kardiaflow__EventHubs__Hub</c> (default
/// <c>arrivals</c>); prints the rate achieved; with <c>--wait</c> follows the events into Bronze, then Silver, Gold and
/// the checks as <c>submit --wait</c> does, with its exit code.
/// </summary>
internal static class StreamCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "A submission folder: one subfolder per dataset, any of the five formats.", Required = true };
        var rate = new Option<double?>("--rate") { Description = "Events per second at most (default: as fast as the hub accepts them)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the events into Bronze, then Silver, Gold and the checks, as `submit --wait` does." };
        var gateway = CommandOptions.GatewayPort();
        var command = new Command("stream", "Publish the records of a folder as Event Hubs events, one per record.") { input, rate, wait, gateway };
        command.SetAction((result, cancellationToken) => StreamAsync(
            result.GetRequiredValue(input), result.GetValue(rate), result.GetValue(wait), result.GetValue(gateway), cancellationToken));
        return command;
    }

    private static async Task<int> StreamAsync(string input, double? rate, bool wait, int gatewayPort, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(input) || rate is <= 0)
        {
            await Console.Error.WriteLineAsync(rate is <= 0 ? "--rate must be positive." : $"The input folder '{input}' does not exist.");
            return KardiaflowCommandLine.BadUsage;
        }

        var profile = ClientProfile.FromEnvironment();
        var configuration = profile.Configuration;
        var hub = configuration["Kardiaflow:EventHubs:Hub"] ?? "arrivals";
        var connection = configuration.GetConnectionString("EventHubs");
        var fullyQualifiedNamespace = configuration["Kardiaflow:EventHubs:FullyQualifiedNamespace"];
        if (string.IsNullOrWhiteSpace(connection) && (!profile.IsAzure || string.IsNullOrWhiteSpace(fullyQualifiedNamespace)))
        {
            if (profile.IsAzure)
            {
                await Console.Error.WriteLineAsync("The Azure profile publishes to ConnectionStrings__EventHubs or Kardiaflow__EventHubs__FullyQualifiedNamespace; neither is set.");
                return KardiaflowCommandLine.BadUsage;
            }

            var port = int.TryParse(configuration["Kardiaflow:EventHubs:LocalPort"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 5672;
            connection = EventHubsArrivalsExtensions.LocalConnectionString(port);
        }

        var console = ConsoleOutput.Create();
        await using var producer = string.IsNullOrWhiteSpace(connection)
            ? new EventHubProducerClient(fullyQualifiedNamespace, hub, new Azure.Identity.DefaultAzureCredential())
            : new EventHubProducerClient(connection, hub);
        var before = await LastSequenceNumbersAsync(producer, cancellationToken);
        var publisher = new EventPublisher(producer, window: 2_000, concurrency: 64);
        try
        {
            await publisher.PublishAsync(RecordEvents.ReadAsync(input, cancellationToken: cancellationToken), rate, null, cancellationToken);
        }
        catch (InputFileException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        var seconds = Math.Max(publisher.Elapsed.TotalSeconds, 1e-3);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Published {publisher.Published} events to {hub} in {seconds:F1} s: {publisher.Published / seconds:F0} events/s{(rate is null ? "" : $" (asked {rate:F0})")}."));
        if (!wait)
        {
            return 0;
        }

        var after = await LastSequenceNumbersAsync(producer, cancellationToken);
        using var host = await ClusterConnection.ConnectAsync(profile, gatewayPort, cancellationToken);
        if (host is null)
        {
            return 1;
        }

        var client = host.Services.GetRequiredService<IClusterClient>();
        var lake = profile.IsAzure
            ? profile.LakeStorage(string.Empty)
            : await client.GetGrain<IValidationGrain>(0).GetLocalLakeFolderAsync() is { } folder ? new LocalLakeStorage(folder) : null;
        if (lake is null)
        {
            await Console.Error.WriteLineAsync("--wait needs the cluster's lake: run the console with the cluster's Kardiaflow__Profile and storage settings.");
            return KardiaflowCommandLine.BadUsage;
        }

        await WaitForBronzeAsync(client, hub, before, after, console, cancellationToken);
        return await Checks.PipelineFinish.RunAsync(client, lake, console, cancellationToken) ? 0 : 1;
    }

    private static async Task<Dictionary<string, long>> LastSequenceNumbersAsync(EventHubProducerClient producer, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var partition in await producer.GetPartitionIdsAsync(cancellationToken))
        {
            var properties = await producer.GetPartitionPropertiesAsync(partition, cancellationToken);
            result[partition] = properties.IsEmpty ? -1 : properties.LastEnqueuedSequenceNumber;
        }

        return result;
    }

    /// <summary>Until every partition's arrivals grain has committed the last event published to it.</summary>
    private static async Task WaitForBronzeAsync(
        IClusterClient client, string hub, Dictionary<string, long> before, Dictionary<string, long> after, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var waiting = after.Where(p => p.Value > before.GetValueOrDefault(p.Key, -1)).ToDictionary(p => p.Key, p => p.Value);
        var started = DateTime.UtcNow;
        while (waiting.Count > 0)
        {
            foreach (var (partition, last) in waiting.ToList())
            {
                var status = await client.GetGrain<IArrivalsGrain>(ArrivalStreams.Key(hub, partition)).GetStatusAsync();
                if (status.CommittedSequenceNumber >= last)
                {
                    waiting.Remove(partition);
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(200, cancellationToken);
            }
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Bronze holds every published event ({(DateTime.UtcNow - started).TotalSeconds:F1} s after publishing ended)."));
    }
}
