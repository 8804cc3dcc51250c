using System.Net;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>
/// Refuses a Local-profile web endpoint on an address other than loopback unless <c>Kardiaflow:Web:AllowNonLoopback</c>
/// is true: the Local profile puts no authentication in front of the dashboard, the KPI pages or <c>/metrics</c>. The
/// Azure profile requires sign-in (<see cref="AzureAdAuthentication"/>), so it may listen on any address.
/// </summary>
public sealed class SiloWebOptionsValidator(IConfiguration configuration) : IValidateOptions<SiloWebOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(AzureAdAuthentication.IsAzureProfile(configuration), options) is { } failure
            ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
    }

    /// <summary>The reason the binding is refused, or null.</summary>
    public static string? Check(bool azureProfile, SiloWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (azureProfile || options.AllowNonLoopback || IPAddress.IsLoopback(options.Address(azureProfile)))
        {
            return null;
        }

        return $"Kardiaflow:Web:BindAddress is {options.BindAddress}, which is not a loopback address: the Local profile serves "
            + "its dashboard, KPI pages and /metrics without authentication, so it listens on 127.0.0.1 only. "
            + "Set Kardiaflow:Web:AllowNonLoopback=true to listen there anyway.";
    }
}
