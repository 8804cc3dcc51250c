using Kardiaflow.Lakehouse.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Diagnostics;

/// <summary>Hands the Delta engine the silo's logger factory (see <see cref="LakehouseTelemetry"/>).</summary>
public static class LakehouseTelemetrySiloExtensions
{
    public static ISiloBuilder AddLakehouseTelemetry(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        // The first lifecycle stage: before any grain can open a table.
        return silo.AddStartupTask(
            (services, _) =>
            {
                LakehouseTelemetry.Initialize(services.GetRequiredService<ILoggerFactory>());
                return Task.CompletedTask;
            },
            ServiceLifecycleStage.First);
    }
}
