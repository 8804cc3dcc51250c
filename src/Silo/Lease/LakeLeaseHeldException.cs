using System.Globalization;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// The lake's writer lease is held by another group (another cluster, or a <c>run</c>/<c>rebuild</c>). Its message is
/// the one line the silo and the console print: the lake, the holder, since when, and when it would expire.
/// </summary>
public sealed class LakeLeaseHeldException : Exception
{
    public LakeLeaseHeldException(string lake, LeaseRecord record, IReadOnlyCollection<LeaseMember> live, DateTime now)
        : base(Line(lake, record, live, now))
    {
        Lake = lake;
        Record = record;
    }

    public LakeLeaseHeldException()
    {
        Lake = string.Empty;
        Record = new LeaseRecord();
    }

    public LakeLeaseHeldException(string message)
        : base(message)
    {
        Lake = string.Empty;
        Record = new LeaseRecord();
    }

    public LakeLeaseHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Lake = string.Empty;
        Record = new LeaseRecord();
    }

    public string Lake { get; }

    public LeaseRecord Record { get; }

    private static string Line(string lake, LeaseRecord record, IReadOnlyCollection<LeaseMember> live, DateTime now)
    {
        var renewed = live.Max(m => m.Renewed);
        var ago = Math.Max(0, (now - renewed).TotalSeconds);
        var duration = record.Duration.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"The lake {lake} is held by {record.Holder} since {record.Since:yyyy-MM-ddTHH:mm:ssZ} (writer lease renewed {ago:F0} s ago, expires {duration:F0} s after its last renewal): stop it first, or wait until its lease expires.");
    }
}
