using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
var web = builder.Configuration.GetSection(SiloWebOptions.SectionName).Get<SiloWebOptions>() ?? new SiloWebOptions();
builder.Services.AddOptions<SiloWebOptions>().BindConfiguration(SiloWebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.WebHost.UseUrls($"http://127.0.0.1:{web.Port}");
builder.AddKardiaflowArrivals();
builder.AddKardiaflowSilo(withDashboard: web.DashboardEnabled);

var app = builder.Build();
app.MapKardiaflowEndpoints(withDashboard: web.DashboardEnabled);
await app.RunAsync();
