using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// Localhost clustering of the Local profile (section <c>Kardiaflow:Cluster</c>). Several silos run on one machine by giving
/// each its own ports and pointing them at the first one's silo port (<see cref="PrimarySiloPort"/>).
/// </summary>
public sealed class LocalClusterOptions
{
    public const string SectionName = "Kardiaflow:Cluster";

    [Required]
    public string ClusterId { get; set; } = "kardiaflow-local";

    [Required]
    public string ServiceId { get; set; } = "kardiaflow";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (<c>kardiaflow submit</c>) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silo port of the primary silo; 0 when this silo is the primary.</summary>
    [Range(0, 65535)]
    public int PrimarySiloPort { get; set; }
}
