using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Kardiaflow.Silo.Configuration;

/// <summary>
/// The silo's web endpoint (section <c>Kardiaflow:Web</c>): health checks, the Orleans Dashboard, the KPI pages and
/// <c>/metrics</c>. The Local profile listens on loopback only; another address must be allowed explicitly
/// (<see cref="AllowNonLoopback"/>), because the Local profile has no authentication in front of the pages.
/// </summary>
public sealed class SiloWebOptions : IValidatableObject
{
    public const string SectionName = "Kardiaflow:Web";

    /// <summary>Port of http://&lt;address&gt;:&lt;port&gt; (0: any free port).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address to listen on (an IP address, <c>0.0.0.0</c> for all); empty means <c>127.0.0.1</c> without sign-in (the
    /// Local profile) and <c>0.0.0.0</c> with it (the Azure profile: a pod is reached through its cluster address).
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>Lets a web host without sign-in (the Local profile) listen on an address other than loopback.</summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// Azure profile: serve the pages without the Entra ID sign-in (a test cluster, a port-forward). The host is then
    /// treated as the Local profile's: loopback only unless <see cref="AllowNonLoopback"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public bool DashboardEnabled { get; set; } = true;

    /// <summary>How often the KPI pages' data source looks for new table versions (the pages update on a change).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BindAddress) && !IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"Kardiaflow:Web:BindAddress '{BindAddress}' is not an IP address.", [nameof(BindAddress)]);
        }
    }

    /// <summary>The address to listen on, with or without sign-in (loopback when it does not parse: validation reports that case).</summary>
    public IPAddress Address(bool signIn) =>
        string.IsNullOrWhiteSpace(BindAddress) ? (signIn ? IPAddress.Any : IPAddress.Loopback)
        : IPAddress.TryParse(BindAddress, out var address) ? address : IPAddress.Loopback;
}
