using Kardiaflow.Silo.Configuration;
using Kardiaflow.Silo.Hosting;
using Kardiaflow.Silo.Lease;
using Kardiaflow.Silo.Startup;
using Kardiaflow.Silo.Web;

if (Kardiaflow.Silo.SiloHelp.Requested(args))
{
    Kardiaflow.Silo.SiloHelp.Write(Console.Out);
    return 0;
}

try
{
    // appsettings.json is read from beside the binary, whatever folder the silo is started from (its working folder may
    // be empty: nothing but the lake in the Local profile is written there).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var web = builder.Configuration.GetSection(SiloWebOptions.SectionName).Get<SiloWebOptions>() ?? new SiloWebOptions();
    if (Kardiaflow.Silo.SiloPorts.FirstInUse(builder.Configuration, web.Port) is { } busy)
    {
        // Before Orleans and Kestrel try (and log their stack traces while they give up).
        throw new SiloStartupException(busy);
    }

    builder.AddKardiaflowWeb();
    // One writer per lake: registered first so that it is left after the silo stopped; taken below, before the build.
    var lease = builder.AddKardiaflowLakeLease();
    builder.AddKardiaflowArrivals();
    builder.AddKardiaflowSilo(withDashboard: web.DashboardEnabled);

    // Settings are checked while the silo is built (above); storage is checked next, before anything of Orleans starts.
    if (builder.Configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() is { IsAzure: true })
    {
        await AzureProfile.CheckStorageAsync(builder.Configuration, CancellationToken.None);
    }

    // A silo of another cluster, or a rebuild, holds the lake: one line and exit 1, before anything starts.
    await lease.AcquireLakeLeaseAsync(builder.Configuration, holder: null, CancellationToken.None);

    var app = builder.Build();
    app.MapKardiaflowEndpoints(withDashboard: web.DashboardEnabled);
    app.MapKardiaflowWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupErrors.TryDescribe(e, out var line))
{
    // One line that names the setting or the endpoint, no stack trace: what an operator needs to fix it.
    await Console.Error.WriteLineAsync($"kardiaflow silo: {line}");
    return 1;
}
