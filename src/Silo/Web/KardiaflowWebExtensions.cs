using Kardiaflow.Lakehouse.Diagnostics;
using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Web.Lake;
using Kardiaflow.Silo.Web.Pages;
using Kardiaflow.Silo.Web.Security;
using Kardiaflow.Silo.Web.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Kardiaflow.Silo.Web;

/// <summary>
/// The silo's web host beside the Orleans Dashboard: the KPI pages (<c>/kpis/claims</c>, <c>/kpis/experience</c>,
/// <c>/kpis/quality</c>), their data and change events (<c>/kpis/api/...</c>), <c>/metrics</c> (Prometheus), the listen
/// address (loopback only in the Local profile unless allowed) and, in the Azure profile, Entra ID sign-in in front of
/// all of it but the probes. The standalone silo and <c>kardiaflow run --serve</c> both call these two methods.
/// </summary>
public static class KardiaflowWebExtensions
{
    private const string AssetsPath = "/kpis/assets";

    public static WebApplicationBuilder AddKardiaflowWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var signIn = AzureAdAuthentication.RequiresSignIn(builder.Configuration);
        services.AddOptions<SiloWebOptions>().BindConfiguration(SiloWebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloWebOptions>, SiloWebOptionsValidator>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var web = kestrel.ApplicationServices.GetRequiredService<IOptions<SiloWebOptions>>().Value;
            kestrel.Listen(web.Address(signIn), web.Port);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LakeWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LakeWatch>());
        services.AddSingleton<KpiPages>();
        services.AddSingleton<KardiaflowMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.Orleans", KardiaflowMetrics.MeterName, CommitMetrics.MeterName)
            .AddPrometheusExporter());
        if (signIn)
        {
            AzureAdAuthentication.AddServices(services);
        }

        return builder;
    }

    public static WebApplication MapKardiaflowWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (AzureAdAuthentication.RequiresSignIn(app.Configuration))
        {
            AzureAdAuthentication.UseMiddleware(app);
        }

        // The gauges exist once the meter is created; nothing else asks for this service.
        app.Services.GetRequiredService<KardiaflowMetrics>();

        var assets = new ManifestEmbeddedFileProvider(typeof(KardiaflowWebExtensions).Assembly, "Web/wwwroot");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = assets, RequestPath = AssetsPath });

        app.MapGet("/", () => Results.Redirect("/kpis/claims")).ExcludeFromDescription();
        app.MapGet("/kpis", () => Results.Redirect("/kpis/claims")).ExcludeFromDescription();
        foreach (var page in KpiPages.Names)
        {
            var html = assets.GetFileInfo($"kpis/{page}.html");
            app.MapGet($"/kpis/{page}", async (HttpContext http) =>
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers.CacheControl = "no-cache";
                await http.Response.SendFileAsync(html, http.RequestAborted);
            });
            app.MapGet($"/kpis/api/{page}", async (KpiPages pages, CancellationToken cancellationToken) =>
                TypedResults.Ok(await pages.GetAsync(page, cancellationToken)));
        }

        app.MapGet("/kpis/api/events", (LakeWatch watch, IHostApplicationLifetime lifetime, HttpContext http) =>
            TypedResults.ServerSentEvents(PageEvents.StreamAsync(watch, lifetime.ApplicationStopping, http.RequestAborted), "tokens"));
        // The gauges read the watch's last pass, and the watch pauses while nobody looks: a scrape gets a fresh pass first.
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase))
            {
                await http.RequestServices.GetRequiredService<LakeWatch>().GetAsync(http.RequestAborted);
            }

            await next(http);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
