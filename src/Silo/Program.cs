using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;

if (Kardiaflow.Silo.SiloHelp.Requested(args))
{
    Kardiaflow.Silo.SiloHelp.Write(Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
var web = builder.Configuration.GetSection(SiloWebOptions.SectionName).Get<SiloWebOptions>() ?? new SiloWebOptions();
builder.Services.AddOptions<SiloWebOptions>().BindConfiguration(SiloWebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
if (Kardiaflow.Silo.SiloPorts.FirstInUse(builder.Configuration, web.Port) is { } busy)
{
    await Console.Error.WriteLineAsync(busy);
    Environment.ExitCode = 1;
    return;
}

builder.WebHost.UseUrls($"http://127.0.0.1:{web.Port}");
builder.AddKardiaflowSilo(withDashboard: web.DashboardEnabled);

var app = builder.Build();
app.MapKardiaflowEndpoints(withDashboard: web.DashboardEnabled);
await app.RunAsync();
