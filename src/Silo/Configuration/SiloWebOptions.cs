using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Configuration;

/// <summary>The silo's web endpoint on loopback: health checks and the Orleans Dashboard (section <c>Kardiaflow:Web</c>).</summary>
public sealed class SiloWebOptions
{
    public const string SectionName = "Kardiaflow:Web";

    /// <summary>Port of http://127.0.0.1:&lt;port&gt; (health endpoints and dashboard).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 8080;

    public bool DashboardEnabled { get; set; } = true;
}
