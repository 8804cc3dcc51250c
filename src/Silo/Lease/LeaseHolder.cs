using System.Diagnostics;
using System.Globalization;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// Who asks for the lake's writer lease. <see cref="GroupKey"/> decides sharing: the silos of one cluster (same
/// <c>ServiceId</c> and <c>ClusterId</c>) have the same key and hold the lease together; <c>kardiaflow run</c> and
/// <c>kardiaflow rebuild</c> have a key of their own per process and share it with nobody. <see cref="MemberId"/> is this
/// process's entry in the lease. Host and process id let a holder on the same machine be recognised as gone at once
/// (Local profile); they are not secret, and no setting or connection string is ever written to the lease.
/// </summary>
public sealed record LeaseHolder(string GroupKey, string Kind, string Description, string MemberId, string Host, int ProcessId, DateTime ProcessStartUtc)
{
    /// <summary>The kind of a cluster's silos.</summary>
    public const string ClusterKind = "cluster";

    /// <summary>A silo of the cluster <paramref name="serviceId"/>/<paramref name="clusterId"/>.</summary>
    public static LeaseHolder ForCluster(string serviceId, string clusterId) =>
        Create($"cluster:{serviceId}/{clusterId}", ClusterKind, $"cluster '{clusterId}' (service '{serviceId}')");

    /// <summary>One console command's embedded silo (<c>run</c>, <c>rebuild</c>): a writer of its own, shared with no one.</summary>
    public static LeaseHolder ForCommand(string command)
    {
        var id = Guid.NewGuid().ToString("N");
        return Create($"{command}:{id}", command, $"`kardiaflow {command}` (process {Environment.ProcessId} on {Environment.MachineName})", id);
    }

    private static LeaseHolder Create(string key, string kind, string description, string? memberId = null)
    {
        using var self = Process.GetCurrentProcess();
        return new LeaseHolder(key, kind, description, memberId ?? Guid.NewGuid().ToString("N"), Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime());
    }

    /// <summary>This holder's entry in a lease record, renewed at <paramref name="now"/>.</summary>
    internal LeaseMember ToMember(DateTime now) => new()
    {
        Id = MemberId,
        Host = Host,
        ProcessId = ProcessId,
        ProcessStartUtc = ProcessStartUtc.ToString("O", CultureInfo.InvariantCulture),
        RenewedUtc = now.ToString("O", CultureInfo.InvariantCulture),
    };
}
