using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Silo.Startup;

/// <summary>
/// Turns what can stop a silo at start into the one line an operator reads: a bad setting, unreachable storage, a port
/// already taken. Anything else is a bug and keeps its stack trace.
/// </summary>
public static class StartupErrors
{
    public static bool TryDescribe(Exception exception, out string line)
    {
        ArgumentNullException.ThrowIfNull(exception);
        line = Describe(exception) ?? string.Empty;
        return line.Length > 0;
    }

    private static string? Describe(Exception exception) => exception switch
    {
        SiloStartupException e => e.Message,
        Lease.LakeLeaseHeldException e => e.Message,
        OptionsValidationException e => string.Join(" ", e.Failures.Select(f => f.Trim().TrimEnd('.') + ".")),

        // The configuration binder names the key: "Failed to convert configuration value '...' at 'Kardiaflow:Cluster:SiloPort' to type 'System.Int32'."
        InvalidOperationException e when e.Message.Contains("configuration value", StringComparison.Ordinal) => FirstLine(e.Message),
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } e => FirstLine(e.Message),
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } e => $"A port this silo needs is already in use ({e.Message}): give it free ports (Kardiaflow:Cluster:SiloPort, GatewayPort, Kardiaflow:Web:Port).",
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerExceptions[0]),
        _ when exception.InnerException is { } inner && exception is not OperationCanceledException => Describe(inner),
        _ => null,
    };

    /// <summary>The first line of a message, for the one-line reports of the silo and the console.</summary>
    public static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
