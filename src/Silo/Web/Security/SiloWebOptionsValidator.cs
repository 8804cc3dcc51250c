using System.Net;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>
/// Refuses a web endpoint without sign-in (the Local profile, or the Azure profile with <c>AllowAnonymous</c>) on an
/// address other than loopback unless <c>Kardiaflow:Web:AllowNonLoopback</c> is true: nothing would stand in front of the
/// dashboard, the KPI pages or <c>/metrics</c>. With sign-in (<see cref="AzureAdAuthentication"/>) any address is fine.
/// </summary>
public sealed class SiloWebOptionsValidator(IConfiguration configuration) : IValidateOptions<SiloWebOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(AzureAdAuthentication.RequiresSignIn(configuration), options) is { } failure
            ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
    }

    /// <summary>The reason the binding is refused, or null.</summary>
    public static string? Check(bool signIn, SiloWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (signIn || options.AllowNonLoopback || IPAddress.IsLoopback(options.Address(signIn)))
        {
            return null;
        }

        return $"Kardiaflow:Web:BindAddress is {options.BindAddress}, which is not a loopback address: without sign-in (the Local "
            + "profile) the dashboard, KPI pages and /metrics are open to anyone who reaches them, so they listen on 127.0.0.1 only. "
            + "Set Kardiaflow:Web:AllowNonLoopback=true to listen there anyway.";
    }
}
