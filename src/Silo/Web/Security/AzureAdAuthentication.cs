using Kardiaflow.Silo.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Web.Security;

/// <summary>
/// Azure profile: every web endpoint (dashboard, KPI pages, their data, <c>/metrics</c>) requires an Entra ID sign-in
/// (OpenID Connect, then a cookie), except the probes <c>/health</c> and <c>/alive</c>. One fallback policy covers every
/// request, mapped endpoint or not, so a route added later is closed by default.
/// </summary>
public static class AzureAdAuthentication
{
    /// <summary>Paths a Kubernetes probe calls without credentials.</summary>
    public static IReadOnlyList<string> OpenPaths { get; } = ["/health", "/alive"];

    /// <summary>The Azure profile, unless <c>Kardiaflow:Web:AllowAnonymous</c> turns sign-in off.</summary>
    public static bool RequiresSignIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return (configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() ?? new ProfileOptions()).IsAzure
            && !(configuration.GetSection(SiloWebOptions.SectionName).Get<SiloWebOptions>()?.AllowAnonymous ?? false);
    }

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<AzureAdOptions>().BindConfiguration(AzureAdOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureAdOptions>, AzureAdOptionsValidator>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect();
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<IOptions<AzureAdOptions>>((oidc, azureAd) =>
        {
            var ad = azureAd.Value;
            oidc.Authority = ad.Authority;
            oidc.ClientId = ad.ClientId;
            oidc.ClientSecret = ad.ClientSecret;
            oidc.CallbackPath = ad.CallbackPath;
            oidc.ResponseType = string.IsNullOrEmpty(ad.ClientSecret) ? "id_token" : "code";
            oidc.SaveTokens = false;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            // HTTPS metadata except for an authority on loopback (a development identity provider on this machine).
            oidc.RequireHttpsMetadata = !(Uri.TryCreate(ad.Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
        });
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAssertion(context => IsOpenPath(context.Resource) || context.User.Identity?.IsAuthenticated == true)
            .Build());
        // Behind the cluster's ingress TLS ends there: the sign-in redirect must name https and the public host.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
    }

    public static void UseMiddleware(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    private static bool IsOpenPath(object? resource) =>
        resource is HttpContext http && OpenPaths.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
}
