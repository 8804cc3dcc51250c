using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;
using Kardiaflow.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kardiaflow.Client.Web;

/// <summary>
/// The embedded silo of <c>kardiaflow run --serve</c> as a web host: the Orleans Dashboard, the KPI pages and
/// <c>/metrics</c> on http://127.0.0.1:&lt;port&gt;, beside the same silo <see cref="Hosting.EmbeddedSilo"/> builds.
/// </summary>
internal static class ServedSilo
{
    public static WebApplicationBuilder CreateBuilder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Like the plain embedded silo: no appsettings files, only what EmbeddedSilo adds (and the environment).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SiloWebOptions.SectionName}:{nameof(SiloWebOptions.Port)}"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{SiloWebOptions.SectionName}:{nameof(SiloWebOptions.DashboardEnabled)}"] = "true",
        });
        builder.AddKardiaflowWeb();
        return builder;
    }

    public static IHost Build(IHostApplicationBuilder builder)
    {
        var app = ((WebApplicationBuilder)builder).Build();
        app.MapKardiaflowEndpoints(withDashboard: true);
        app.MapKardiaflowWeb();
        return app;
    }

    /// <summary>The address the started host listens on, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public static string Url(IHost host) =>
        host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? throw new InvalidOperationException("The web host has no address.");
}
