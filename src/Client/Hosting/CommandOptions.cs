using System.CommandLine;

namespace Kardiaflow.Client.Hosting;

/// <summary>Options shared by the commands that talk to a running cluster.</summary>
internal static class CommandOptions
{
    public const int DefaultGatewayPort = 30000;

    /// <summary><c>--gateway-port</c>, defaulting to <c>KARDIAFLOW_GATEWAY_PORT</c> or 30000.</summary>
    public static Option<int> GatewayPort() => new("--gateway-port")
    {
        Description = "Gateway port of the running silo on 127.0.0.1 (default: $KARDIAFLOW_GATEWAY_PORT or 30000).",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_GATEWAY_PORT"), out var port) ? port : DefaultGatewayPort,
    };
}
