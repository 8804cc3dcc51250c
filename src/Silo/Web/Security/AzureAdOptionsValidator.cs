using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>The Azure profile's sign-in needs its tenant and application; the failure names the settings and the way out.</summary>
public sealed class AzureAdOptionsValidator : IValidateOptions<AzureAdOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureAdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Instance) || !Uri.TryCreate(options.Instance, UriKind.Absolute, out _))
        {
            missing.Add("AzureAd:Instance");
        }

        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            missing.Add("AzureAd:TenantId");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            missing.Add("AzureAd:ClientId");
        }

        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The Azure profile's web pages require an Entra ID sign-in: set {string.Join(" and ", missing)} (the app registration), "
                + "or Kardiaflow:Web:AllowAnonymous=true to serve them without sign-in on loopback only.");
    }
}
