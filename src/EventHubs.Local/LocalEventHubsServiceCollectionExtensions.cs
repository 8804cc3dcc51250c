using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kardiaflow.EventHubs.Local;

public static class LocalEventHubsServiceCollectionExtensions
{
    /// <summary>
    /// Hosts the loopback Event Hubs endpoint: validated <see cref="LocalEventHubsOptions"/> (checked at start), the
    /// <see cref="LocalEventHubsEndpoint"/> as a singleton (for its port and connection string) and as a hosted
    /// service. Register it before anything that connects to it, so it starts first.
    /// </summary>
    public static OptionsBuilder<LocalEventHubsOptions> AddLocalEventHubs(this IServiceCollection services, Action<LocalEventHubsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<LocalEventHubsOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.AddSingleton<LocalEventHubsEndpoint>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<LocalEventHubsEndpoint>());
        return builder;
    }

    /// <summary>As <see cref="AddLocalEventHubs(IServiceCollection, Action{LocalEventHubsOptions})"/>, bound to <paramref name="section"/> (usually <c>Kardiaflow:EventHubs</c>).</summary>
    public static OptionsBuilder<LocalEventHubsOptions> AddLocalEventHubs(this IServiceCollection services, IConfiguration section, Action<LocalEventHubsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddLocalEventHubs(configure: null).Bind(section);
        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        return builder;
    }
}
