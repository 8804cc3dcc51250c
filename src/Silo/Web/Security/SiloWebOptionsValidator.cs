using System.Net;
using Kardiaflow.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>
/// Refuses a web endpoint without sign-in (the Local profile, or the Azure profile with <c>AllowAnonymous</c>) on an
/// address other than loopback unless <c>Kardiaflow:Web:AllowNonLoopback</c> is true: nothing would stand in front of the
/// dashboard, the KPI pages or <c>/metrics</c>. With sign-in (<see cref="AzureAdAuthentication"/>) any address is fine.
/// Listeners from <c>Kestrel:Endpoints</c> are refused in every profile (<see cref="CheckKestrelEndpoints"/>).
/// </summary>
public sealed class SiloWebOptionsValidator(IConfiguration configuration) : IValidateOptions<SiloWebOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (Check(AzureAdAuthentication.RequiresSignIn(configuration), options) ?? CheckKestrelEndpoints(configuration)) is { } failure
            ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// The reason <c>Kestrel:Endpoints</c> is refused, or null. The web host reads that section too and would add its
    /// listeners beside <c>Kardiaflow:Web</c>'s, around the loopback rule (<c>Kestrel__Endpoints__Http__Url=http://0.0.0.0:9000</c>
    /// opened the Local profile's pages on every interface: tests/EndToEnd.Tests/Security/ListenerAddressTests).
    /// </summary>
    public static string? CheckKestrelEndpoints(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e.Key).ToList();
        return endpoints.Count == 0
            ? null
            : $"Kestrel:Endpoints ({string.Join(", ", endpoints)}) is set, but the silo's web host listens only where Kardiaflow:Web:BindAddress "
                + "and Kardiaflow:Web:Port say (loopback in the Local profile). Remove the Kestrel:Endpoints settings.";
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
