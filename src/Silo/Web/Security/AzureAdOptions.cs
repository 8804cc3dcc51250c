using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>
/// Entra ID sign-in for the web endpoints in the Azure profile (section <c>AzureAd</c>, the names Microsoft.Identity.Web
/// uses). Without <see cref="ClientSecret"/> the sign-in asks for an ID token only (the app registration must allow ID
/// tokens); with one, it uses the authorization code flow.
/// </summary>
public sealed class AzureAdOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>The authority host, e.g. <c>https://login.microsoftonline.com/</c>.</summary>
    [Required]
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    public string TenantId { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    public string? ClientSecret { get; set; }

    /// <summary>Path Entra ID posts the sign-in back to (register <c>https://&lt;host&gt;/signin-oidc</c>).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>The OpenID Connect authority: <c>&lt;Instance&gt;&lt;TenantId&gt;/v2.0</c>.</summary>
    public string Authority => Instance.TrimEnd('/') + "/" + TenantId + "/v2.0";
}
