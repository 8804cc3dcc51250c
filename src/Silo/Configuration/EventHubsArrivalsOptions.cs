using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// Where the silo reads streamed arrivals (section <c>Kardiaflow:EventHubs</c>; the connection string is
/// <c>ConnectionStrings:EventHubs</c>). Local profile: the loopback endpoint on <see cref="LocalPort"/> unless a
/// connection string is given. Azure profile: the connection string, or <see cref="FullyQualifiedNamespace"/> with
/// DefaultAzureCredential.
/// </summary>
public sealed class EventHubsArrivalsOptions
{
    public const string SectionName = "Kardiaflow:EventHubs";

    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$", ErrorMessage = "Kardiaflow:EventHubs:Hub must be an Event Hubs name.")]
    public string Hub { get; set; } = "arrivals";

    [Required]
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>The Local profile's loopback endpoint port (0: any free port, for tests that host the endpoint themselves).</summary>
    [Range(0, 65535)]
    public int LocalPort { get; set; } = 5672;

    /// <summary>The Azure profile's namespace, e.g. <c>kardiaflow.servicebus.windows.net</c>, when no connection string is given.</summary>
    public string? FullyQualifiedNamespace { get; set; }
}
