using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// The cluster a silo joins and the ports it listens on (section <c>Kardiaflow:Cluster</c>), in both profiles. Local: the
/// silos of one machine find each other through the first one's silo port (<see cref="PrimarySiloPort"/>). Azure: they
/// find each other in the membership table; <see cref="AdvertisedIPAddress"/> is the address the others dial.
/// </summary>
public sealed class SiloClusterOptions
{
    public const string SectionName = "Kardiaflow:Cluster";

    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$", ErrorMessage = "Kardiaflow:Cluster:ClusterId must be 1-63 letters, digits or '-'.")]
    public string ClusterId { get; set; } = "kardiaflow-local";

    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$", ErrorMessage = "Kardiaflow:Cluster:ServiceId must be 1-63 letters, digits or '-'.")]
    public string ServiceId { get; set; } = "kardiaflow";

    [Range(1, 65535, ErrorMessage = "Kardiaflow:Cluster:SiloPort must be a port number (1-65535).")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (<c>kardiaflow submit</c>) connect to.</summary>
    [Range(1, 65535, ErrorMessage = "Kardiaflow:Cluster:GatewayPort must be a port number (1-65535).")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Local profile: the silo port of the primary silo; 0 when this silo is the primary.</summary>
    [Range(0, 65535, ErrorMessage = "Kardiaflow:Cluster:PrimarySiloPort must be 0 or a port number.")]
    public int PrimarySiloPort { get; set; }

    /// <summary>
    /// Azure profile: the IP address other silos and clients dial. Empty: the address Orleans finds for this host (the
    /// first non-loopback one it resolves); on Kubernetes, Orleans' Kubernetes hosting takes the pod IP instead.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }
}
