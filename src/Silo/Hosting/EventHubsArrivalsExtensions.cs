using Azure.Identity;
using Kardiaflow.EventHubs.Local;
using Kardiaflow.Grains.Abstractions.Streaming;
using Kardiaflow.Grains.Streaming;
using Kardiaflow.Silo.AzureStorage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Streaming;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Kardiaflow.Silo.Hosting;

/// <summary>
/// Streamed arrivals (docs/data-contract.md, Streamed arrivals): the Orleans Event Hubs stream provider, read by one <see cref="ArrivalsGrain"/> per hub
/// partition. Local profile: the loopback endpoint (or <c>ConnectionStrings:EventHubs</c>) and checkpoints in files under
/// the lake's <c>_orleans/</c> folder. Azure profile: <c>ConnectionStrings:EventHubs</c> or
/// <c>Kardiaflow:EventHubs:FullyQualifiedNamespace</c> with DefaultAzureCredential, checkpoints in the Azure table
/// <c>KardiaflowCheckpoints</c>. docs/adr/streamed-arrivals.md says why each delivery is one committed micro-batch.
/// </summary>
public static class EventHubsArrivalsExtensions
{
    /// <summary>The Azure profile's checkpoint table.</summary>
    public const string CheckpointTable = "KardiaflowCheckpoints";

    /// <summary>The emulator-form connection string of the Local profile's loopback endpoint.</summary>
    public static string LocalConnectionString(int port) =>
        $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true";

    /// <summary>
    /// The silo host's arrivals. Local profile: without <c>ConnectionStrings:EventHubs</c>, the primary silo of the
    /// machine (<c>Kardiaflow:Cluster:PrimarySiloPort</c> unset or 0) hosts the loopback endpoint on
    /// <c>Kardiaflow:EventHubs:LocalPort</c> (events kept under the lake's <c>_eventhubs/</c> folder), registered first so
    /// it listens before the stream provider connects; the other silos of the machine read it on the same port. Azure
    /// profile: arrivals run when <c>ConnectionStrings:EventHubs</c> or <c>Kardiaflow:EventHubs:FullyQualifiedNamespace</c>
    /// is set, and not at all otherwise. Then <see cref="AddKardiaflowArrivals(ISiloBuilder, IConfiguration)"/>.
    /// Call before <c>AddKardiaflowSilo</c>.
    /// </summary>
    public static IHostApplicationBuilder AddKardiaflowArrivals(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var azure = IsAzure(configuration);
        var connectionString = configuration.GetConnectionString("EventHubs");
        if (azure && string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(configuration["Kardiaflow:EventHubs:FullyQualifiedNamespace"]))
        {
            return builder;
        }

        var primary = configuration["Kardiaflow:Cluster:PrimarySiloPort"] is null or "" or "0";
        if (!azure && string.IsNullOrWhiteSpace(connectionString) && primary)
        {
            var lakeRoot = Path.GetFullPath(configuration["Kardiaflow:Lake:Root"] ?? "./lakehouse");
            if (configuration["Kardiaflow:EventHubs:LocalPort"] == "0")
            {
                // Orleans resolves the provider's options before hosted services start, so "any free port" is chosen
                // here, once, for both the endpoint and the provider.
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kardiaflow:EventHubs:LocalPort"] = FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            builder.Services.AddLocalEventHubs(configuration.GetSection(LocalEventHubsOptions.SectionName), options =>
            {
                if (string.IsNullOrWhiteSpace(options.DataFolder))
                {
                    options.DataFolder = Path.Combine(lakeRoot, "_eventhubs");
                }
            });
        }

        builder.UseOrleans(silo => silo.AddKardiaflowArrivals(configuration));
        return builder;
    }

    public static ISiloBuilder AddKardiaflowArrivals(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var eventHubs = Bind<EventHubsArrivalsOptions>(silo.Services, configuration, EventHubsArrivalsOptions.SectionName);
        var arrivals = Bind<ArrivalsOptions>(silo.Services, configuration, ArrivalsOptions.SectionName);
        var azure = IsAzure(configuration);
        var connectionString = configuration.GetConnectionString("EventHubs");
        var lakeRoot = Path.GetFullPath(configuration["Kardiaflow:Lake:Root"] ?? "./lakehouse");

        silo.AddEventHubStreams(ArrivalStreams.ProviderName, stream =>
        {
            stream.ConfigureEventHub(builder => builder.Configure(options =>
            {
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    options.ConfigureEventHubConnection(connectionString, eventHubs.Hub, eventHubs.ConsumerGroup);
                }
                else if (azure)
                {
                    if (string.IsNullOrWhiteSpace(eventHubs.FullyQualifiedNamespace))
                    {
                        throw new InvalidOperationException(
                            "The Azure profile reads arrivals from ConnectionStrings:EventHubs or Kardiaflow:EventHubs:FullyQualifiedNamespace; neither is set.");
                    }

                    options.ConfigureEventHubConnection(eventHubs.FullyQualifiedNamespace, eventHubs.Hub, eventHubs.ConsumerGroup, new DefaultAzureCredential());
                }
                else
                {
                    options.ConfigureEventHubConnection(LocalConnectionString(eventHubs.LocalPort), eventHubs.Hub, eventHubs.ConsumerGroup);
                }
            }));
            stream.UseDataAdapter((services, _) => new ArrivalsDataAdapter(services.GetRequiredService<Serializer>(), eventHubs.Hub));
            // Nothing published before the silos start is skipped: without a checkpoint a partition is read from its start.
            stream.ConfigurePartitionReceiver(builder => builder.Configure(options => options.StartFromNow = false));
            stream.ConfigurePullingAgent(builder => builder.Configure(options =>
            {
                options.BatchContainerBatchSize = arrivals.MaxBatchEvents;
                options.GetQueueMsgsTimerPeriod = arrivals.MaxBatchDelay;
                // A delivery fails while Bronze cannot be written; the agent must keep retrying it, never skip it.
                options.MaxEventDeliveryTime = TimeSpan.FromDays(1);
            }));
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            if (azure)
            {
                UseAzureTableCheckpoints(stream, configuration);
            }
            else
            {
                stream.ConfigureCheckpointer<LocalCheckpointerOptions>(
                    LocalFileCheckpointerFactory.Create,
                    builder => builder.Configure(options =>
                    {
                        options.Directory = Path.Combine(lakeRoot, "_orleans", "eventhubs-checkpoints");
                        options.Hub = eventHubs.Hub;
                        options.ConsumerGroup = eventHubs.ConsumerGroup;
                    }));
            }
        });
        return silo;
    }

    private static void UseAzureTableCheckpoints(ISiloEventHubStreamConfigurator stream, IConfiguration configuration)
    {
        stream.UseAzureTableCheckpointer(builder => builder.Configure(options =>
        {
            options.TableName = CheckpointTable;
            options.PersistInterval = TimeSpan.FromSeconds(1);
            // The same clients as the rest of the Azure profile: ConnectionStrings:Storage, or
            // Kardiaflow:Azure:TableServiceUri with DefaultAzureCredential.
            options.TableServiceClient = AzureStorageClients.Create(configuration).Tables;
        }));
    }

    private static bool IsAzure(IConfiguration configuration) =>
        configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() is { IsAzure: true };

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static T Bind<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        var value = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(value, new(value), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), results.Select(r => $"{section}: {r.ErrorMessage}"));
        }

        return value;
    }
}
