namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>
/// Names of the Orleans stream that carries Event Hubs events: one stream per hub partition, keyed
/// <c>&lt;hub&gt;/&lt;partition&gt;</c>, consumed by the <see cref="IArrivalsGrain"/> of the same key.
/// </summary>
public static class ArrivalStreams
{
    /// <summary>The Event Hubs stream provider the silos register.</summary>
    public const string ProviderName = "kardiaflow-arrivals";

    /// <summary>The stream namespace of arrived events (implicit subscription of the arrivals grains).</summary>
    public const string Namespace = "arrivals";

    /// <summary>The stream and grain key of one hub partition.</summary>
    public static string Key(string hub, string partition) => hub + "/" + partition;

    /// <summary>The <c>_source_file</c> of a partition's events (docs/data-contract.md, Bronze).</summary>
    public static string SourceFile(string hub, string partition) => "eventhubs/" + hub + "/" + partition;
}
