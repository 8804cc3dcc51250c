using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.EventHubs.Local;

/// <summary>
/// Settings of the loopback Event Hubs endpoint. It always listens on 127.0.0.1: there is no host setting on purpose,
/// because the endpoint accepts any key (see docs/adr/local-event-hubs-endpoint.md).
/// </summary>
public sealed class LocalEventHubsOptions : IValidatableObject
{
    /// <summary>The configuration section the Local profile binds (<c>Kardiaflow:EventHubs</c>).</summary>
    public const string SectionName = "Kardiaflow:EventHubs";

    /// <summary>The hub a Local profile uses when none is named (DESIGN.md: <c>Kardiaflow:EventHubs:Hub</c>).</summary>
    public const string DefaultHub = "arrivals";

    /// <summary>TCP port on 127.0.0.1; 0 binds a free port, readable afterwards from <see cref="LocalEventHubsEndpoint.Port"/>.</summary>
    [Range(0, 65535)]
    public int LocalPort { get; set; } = 5672;

    /// <summary>The main hub (<c>Kardiaflow:EventHubs:Hub</c>).</summary>
    [Required]
    public string Hub { get; set; } = DefaultHub;

    /// <summary>More hubs served by the same endpoint, if any.</summary>
    public IList<string> AdditionalHubs { get; set; } = [];

    /// <summary>Partitions of every hub; fixed once a hub's folder exists.</summary>
    [Range(1, 32)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Folder that keeps one sub-folder per hub with one append-only log per partition.</summary>
    public string DataFolder { get; set; } = "";

    /// <summary>Largest AMQP message (one event or one batch) a producer may send; Event Hubs Standard allows 1 MiB.</summary>
    [Range(64 * 1024, 16 * 1024 * 1024)]
    public int MaxMessageSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// When another endpoint already serves <see cref="DataFolder"/> (another silo process on this machine), start
    /// anyway and stand by: take the folder and the port over as soon as that endpoint stops or its process dies. Without
    /// it, starting fails. Needs a fixed <see cref="LocalPort"/>, so clients find whichever endpoint serves.
    /// </summary>
    public bool StandbyWhenInUse { get; set; }

    /// <summary>Every hub served: <see cref="Hub"/> first, then <see cref="AdditionalHubs"/>.</summary>
    public IReadOnlyList<string> AllHubs() => [Hub, .. AdditionalHubs.Where(h => !string.Equals(h, Hub, StringComparison.Ordinal))];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var hub in AllHubs())
        {
            if (!IsValidHubName(hub))
            {
                yield return new ValidationResult(
                    $"Event hub name '{hub}' is not valid: use 1-256 letters, digits, '.', '-' or '_', starting with a letter or digit.",
                    [nameof(Hub)]);
            }
        }

        if (StandbyWhenInUse && LocalPort == 0)
        {
            yield return new ValidationResult("StandbyWhenInUse needs a fixed LocalPort: clients must find the endpoint that takes over at the same port.", [nameof(StandbyWhenInUse)]);
        }

        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return new ValidationResult("DataFolder must name the folder that keeps the events.", [nameof(DataFolder)]);
        }
    }

    internal static bool IsValidHubName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 256 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
