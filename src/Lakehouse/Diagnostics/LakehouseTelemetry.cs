using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kardiaflow.Lakehouse.Diagnostics;

/// <summary>
/// The engine's logs and traces: commits, conflicts and checkpoints, with table paths, versions and operation names,
/// never a row value. Tables are opened from static helpers everywhere (no container reaches them), so, as database
/// drivers do (Npgsql's <c>NpgsqlLoggingConfiguration.InitializeLogging</c>), the host hands the engine its logger
/// factory once at start; until then the engine logs nothing.
/// </summary>
public static class LakehouseTelemetry
{
    /// <summary>The name of the engine's <see cref="ActivitySource"/> and logger category.</summary>
    public const string Name = "Kardiaflow.Lakehouse";

    private static ILogger _logger = NullLogger.Instance;

    /// <summary>Traces <c>delta.commit</c> and <c>delta.checkpoint</c>; a tracer listens by <see cref="Name"/>.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal static ILogger Logger => Volatile.Read(ref _logger);

    /// <summary>Routes the engine's log events to <paramref name="loggerFactory"/> (category <see cref="Name"/>).</summary>
    public static void Initialize(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Volatile.Write(ref _logger, loggerFactory.CreateLogger(Name));
    }
}
