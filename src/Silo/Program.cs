using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;
using Kardiaflow.Silo.Web;

var builder = WebApplication.CreateBuilder(args);
var web = builder.Configuration.GetSection(SiloWebOptions.SectionName).Get<SiloWebOptions>() ?? new SiloWebOptions();
builder.AddKardiaflowWeb();
builder.AddKardiaflowSilo(withDashboard: web.DashboardEnabled);

var app = builder.Build();
app.MapKardiaflowEndpoints(withDashboard: web.DashboardEnabled);
app.MapKardiaflowWeb();
await app.RunAsync();
