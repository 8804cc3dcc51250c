using System.Net;
using System.Net.Sockets;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Web;
using Kardiaflow.Silo.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>Where the web host listens (Local: loopback unless allowed) and who may see it (Azure: signed-in users, probes open).</summary>
public sealed class WebHostSecurityTests
{
    [Fact]
    public async Task The_Local_silo_refuses_a_non_loopback_bind_unless_configured()
    {
        var lake = TestData.NewFolder("bind-lake");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StandaloneSilo.StartAsync(
            new Dictionary<string, string> { ["Kardiaflow__Lake__Root"] = lake, ["Kardiaflow__Web__BindAddress"] = "0.0.0.0" },
            AppContext.BaseDirectory, TimeSpan.FromMinutes(1), lake));
        Assert.Contains("The silo exited during start", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Kardiaflow:Web:BindAddress is 0.0.0.0, which is not a loopback address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Kardiaflow:Web:AllowNonLoopback=true", failure.Message, StringComparison.Ordinal);

        Assert.NotNull(SiloWebOptionsValidator.Check(signIn: false, new SiloWebOptions { BindAddress = "192.168.1.10" }));
        Assert.Null(SiloWebOptionsValidator.Check(signIn: false, new SiloWebOptions { BindAddress = "0.0.0.0", AllowNonLoopback = true }));
        Assert.Null(SiloWebOptionsValidator.Check(signIn: false, new SiloWebOptions { BindAddress = "127.0.0.2" }));
        Assert.Null(SiloWebOptionsValidator.Check(signIn: false, new SiloWebOptions()));
        Assert.Equal(IPAddress.Loopback, new SiloWebOptions().Address(signIn: false));
        Assert.Null(SiloWebOptionsValidator.Check(signIn: true, new SiloWebOptions()));
        Assert.Equal(IPAddress.Any, new SiloWebOptions().Address(signIn: true));
        var anonymousAzure = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kardiaflow:Profile"] = "Azure",
            ["Kardiaflow:Web:AllowAnonymous"] = "true",
        }).Build();
        Assert.False(AzureAdAuthentication.RequiresSignIn(anonymousAzure));
        Assert.True(AzureAdAuthentication.RequiresSignIn(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Kardiaflow:Profile"] = "Azure" }).Build()));
        var unconfigured = new AzureAdOptionsValidator().Validate(null, new AzureAdOptions());
        Assert.True(unconfigured.Failed);
        Assert.Contains("set AzureAd:TenantId and AzureAd:ClientId", unconfigured.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Kardiaflow:Web:AllowAnonymous=true", unconfigured.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Azure_profile_sends_every_page_to_Entra_ID_sign_in_and_leaves_the_probes_open()
    {
        // Entra ID cannot be reached from here: a loopback stand-in serves only its discovery document and keys, which is
        // all the OpenID Connect handler reads before it redirects a browser to the authorize endpoint.
        var idpBuilder = WebApplication.CreateSlimBuilder();
        idpBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var idp = idpBuilder.Build();
        idp.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpContext http) =>
        {
            var issuer = $"http://{http.Request.Host}/{tenant}/v2.0";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"http://{http.Request.Host}/{tenant}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"http://{http.Request.Host}/{tenant}/oauth2/v2.0/token",
                ["jwks_uri"] = $"http://{http.Request.Host}/{tenant}/discovery/v2.0/keys",
                ["response_types_supported"] = new[] { "code", "id_token" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        idp.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new { keys = Array.Empty<object>() }));
        await idp.StartAsync();
        var idpAddress = idp.Urls.Single();

        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kardiaflow:Profile"] = "Azure",
            ["Kardiaflow:Web:BindAddress"] = "127.0.0.1",
            ["Kardiaflow:Web:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AzureAd:Instance"] = idpAddress + "/",
            ["AzureAd:TenantId"] = "test-tenant",
            ["AzureAd:ClientId"] = "kardiaflow-test-client",
        });
        builder.Services.AddSingleton<ILakeStorage>(new LocalLakeStorage(TestData.NewFolder("azure-web-lake")));
        builder.Services.AddHealthChecks();
        builder.AddKardiaflowWeb();
        await using var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        app.MapKardiaflowWeb();
        await app.StartAsync();

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        foreach (var path in new[] { "kpis/claims", "kpis/quality", "kpis/api/claims", "kpis/api/events", "metrics", "dashboard", "kpis/assets/lib/chart.js/chart.umd.min.js" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            var location = response.Headers.Location!.ToString();
            Assert.StartsWith($"{idpAddress}/test-tenant/oauth2/v2.0/authorize?", location, StringComparison.Ordinal);
            Assert.Contains("client_id=kardiaflow-test-client", location, StringComparison.Ordinal);
            Assert.Contains("redirect_uri=" + Uri.EscapeDataString($"http://127.0.0.1:{port}/signin-oidc"), location, StringComparison.Ordinal);
        }

        foreach (var probe in new[] { "health", "alive" })
        {
            using var response = await http.GetAsync(new Uri(probe, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await app.StopAsync();
        await idp.StopAsync();
    }
}
