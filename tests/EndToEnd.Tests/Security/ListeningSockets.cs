using System.Globalization;
using System.Net;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// The TCP sockets a process listens on, read the way <c>ss -ltnp</c> does: the socket inodes among the process's open
/// files (<c>/proc/PID/fd</c>) looked up in the kernel's socket tables (<c>/proc/net/tcp</c>, <c>/proc/net/tcp6</c>).
/// Reading them needs no connection to any address, loopback or not.
/// </summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int processId)
    {
        Assert.True(OperatingSystem.IsLinux(), "the listener check reads /proc (Linux)");
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        var listening = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == ListenState && inodes.Contains(fields[9]))
                {
                    listening.Add(Parse(fields[1]));
                }
            }
        }

        return listening;
    }

    /// <summary>True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z.</summary>
    public static bool IsLoopback(IPEndPoint endpoint) =>
        IPAddress.IsLoopback(endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address);

    /// <summary><c>0100007F:1F90</c> (IPv4) or 32 hex digits (IPv6), each 32-bit word in the kernel's (little-endian) order.</summary>
    private static IPEndPoint Parse(string field)
    {
        var (hex, portHex) = (field[..field.IndexOf(':', StringComparison.Ordinal)], field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            for (var b = 0; b < 4; b++)
            {
                bytes[(word * 4) + b] = byte.Parse(hex.AsSpan((word * 8) + ((3 - b) * 2), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(portHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
