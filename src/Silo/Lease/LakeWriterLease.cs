using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// One writer per lake: a lease kept in the lake itself, on the engine's storage contract, so the Local folder and the
/// Azure container get the same protocol. Each change of the lease is a new object
/// <c>_kardiaflow/writer-lease/&lt;version, 20 digits&gt;.json</c> created with <see cref="ILakeStorage.PutIfAbsentAsync"/>
/// (an exclusive hard link locally, <c>If-None-Match: *</c> on Blob): of two processes writing the same next version,
/// exactly one wins, and the other reads again. That is a compare-and-swap on the lease's version, the same primitive as
/// the Delta log's commits, with no lock file to go stale.
/// </summary>
/// <remarks>
/// A record names a group (a cluster's ServiceId/ClusterId, or one <c>run</c>/<c>rebuild</c> process) and its members,
/// each with the time of its last renewal. A member not renewed for the record's duration is gone; in the Local profile
/// a member on this machine whose process has ended is gone at once. A group holds the lake while it has a member that is
/// not gone: a process of the same group joins it, any other is refused with the holder and since when. Members renew
/// every third of the duration and leave on a clean stop; the last one to leave frees the lease. Clocks: expiry compares
/// the writer's UTC renewal time with the reader's clock, so machines sharing an Azure lake need synchronised clocks
/// (seconds of skew against a 30 s lease). Versions older than the previous one are deleted as the lease moves on.
/// </remarks>
public sealed class LakeWriterLease
{
    /// <summary>The folder of the lease's versions inside the lake.</summary>
    public const string Folder = "_kardiaflow/writer-lease/";

    private const int MaxWriteAttempts = 50;

    // Readable by an operator who opens the file: quotes and backquotes of the holder's description as they are.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ILakeStorage _storage;
    private readonly TimeProvider _time;

    private LakeWriterLease(ILakeStorage storage, LeaseHolder holder, TimeSpan duration, bool sameHostLiveness, TimeProvider time)
    {
        _storage = storage;
        Holder = holder;
        Duration = duration;
        SameHostLiveness = sameHostLiveness;
        _time = time;
    }

    public LeaseHolder Holder { get; }

    public TimeSpan Duration { get; }

    /// <summary>Local profile: a member on this machine whose process has ended is gone without waiting for expiry.</summary>
    public bool SameHostLiveness { get; }

    /// <summary>How often a member renews: a third of the duration, so two renewals may fail before it expires.</summary>
    public TimeSpan RenewInterval => Duration / 3;

    /// <summary>A human-readable name of the lake (a folder, or a container address without any query string).</summary>
    public string LakeName => Describe(_storage);

    /// <summary>
    /// Takes the lease for <paramref name="holder"/> (or joins its group's), or throws <see cref="LakeLeaseHeldException"/>
    /// naming the group that holds it and since when.
    /// </summary>
    public static async Task<LakeWriterLease> AcquireAsync(
        ILakeStorage storage, LeaseHolder holder, TimeSpan duration, bool sameHostLiveness, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(holder);
        var lease = new LakeWriterLease(storage, holder, duration, sameHostLiveness, time ?? TimeProvider.System);
        await lease.RenewAsync(cancellationToken).ConfigureAwait(false);
        return lease;
    }

    /// <summary>The group holding the lake now, or null when the lease is free (no member left, or every member gone).</summary>
    public static async Task<LeaseRecord?> ReadHolderAsync(ILakeStorage storage, bool sameHostLiveness, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var (_, record) = await ReadLatestAsync(storage, cancellationToken).ConfigureAwait(false);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return record is null || Live(record, now, sameHostLiveness).Count == 0 ? null : record;
    }

    /// <summary>
    /// Renews this member's entry (a heartbeat), taking the lease again if it had become free. Throws
    /// <see cref="LakeLeaseHeldException"/> when another group holds it: this process has lost the lake.
    /// </summary>
    public Task RenewAsync(CancellationToken cancellationToken) => UpdateAsync(leaving: false, cancellationToken);

    /// <summary>Leaves the lease (a clean stop); the last member of the group to leave frees it.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) => UpdateAsync(leaving: true, cancellationToken);

    private async Task UpdateAsync(bool leaving, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (version, current) = await ReadLatestAsync(_storage, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow().UtcDateTime;
            var live = current is null ? [] : Live(current, now, SameHostLiveness);
            var ours = current is not null && current.Group == Holder.GroupKey && live.Count > 0;
            if (live.Count > 0 && !ours)
            {
                if (leaving)
                {
                    return;
                }

                throw new LakeLeaseHeldException(LakeName, current!, live, now);
            }

            var others = ours ? live.Where(m => m.Id != Holder.MemberId).ToList() : [];
            if (leaving && (!ours || others.Count == live.Count))
            {
                // Not (or no longer) a member: nothing to leave.
                return;
            }

            var next = new LeaseRecord
            {
                Group = Holder.GroupKey,
                Kind = Holder.Kind,
                Holder = Holder.Description,
                SinceUtc = ours ? current!.SinceUtc : now.ToString("O", CultureInfo.InvariantCulture),
                DurationMs = (long)Duration.TotalMilliseconds,
                Members = leaving ? others : [.. others, Holder.ToMember(now)],
            };
            if (await _storage.PutIfAbsentAsync(PathOf(version + 1), JsonSerializer.SerializeToUtf8Bytes(next, Json), cancellationToken).ConfigureAwait(false))
            {
                await DeleteOlderThanAsync(version, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (attempt >= MaxWriteAttempts)
            {
                throw new IOException($"The writer lease of the lake {LakeName} changed {MaxWriteAttempts} times while this process tried to renew it.");
            }

            // Another member or contender wrote that version first: read it and decide again.
            await Task.Delay(Random.Shared.Next(5, 50), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The members that are not gone at <paramref name="now"/>.</summary>
    private static List<LeaseMember> Live(LeaseRecord record, DateTime now, bool sameHostLiveness) =>
        record.Members.Where(m => m.Renewed + record.Duration > now && !(sameHostLiveness && ProcessEnded(m))).ToList();

    /// <summary>A member on this machine whose process is no longer running (or whose process id now names another process).</summary>
    private static bool ProcessEnded(LeaseMember member)
    {
        if (!string.Equals(member.Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            if (OperatingSystem.IsLinux() && IsZombie(member.ProcessId))
            {
                // Killed, not yet reaped by its parent: gone all the same.
                return true;
            }

            using var process = Process.GetProcessById(member.ProcessId);
            var started = LeaseRecord.Parse(member.ProcessStartUtc);
            return process.HasExited || Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool IsZombie(int processId)
    {
        try
        {
            // /proc/<pid>/stat: "pid (command) state ...": the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<(long Version, LeaseRecord? Record)> ReadLatestAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string? latest = null;
            await foreach (var entry in storage.ListAsync(Folder, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Path.EndsWith(".json", StringComparison.Ordinal))
                {
                    latest = entry.Path;
                }
            }

            if (latest is null)
            {
                return (0, null);
            }

            var version = long.Parse(latest[Folder.Length..^".json".Length], CultureInfo.InvariantCulture);
            try
            {
                var bytes = await storage.ReadAllBytesAsync(latest, cancellationToken).ConfigureAwait(false);
                return (version, JsonSerializer.Deserialize<LeaseRecord>(bytes, Json) ?? throw new InvalidDataException($"{latest} is empty."));
            }
            catch (FileNotFoundException) when (attempt < MaxWriteAttempts)
            {
                // Deleted by a writer that moved the lease on two versions since the listing: list again.
            }
        }
    }

    private async Task DeleteOlderThanAsync(long version, CancellationToken cancellationToken)
    {
        // Keeps the version just replaced: a reader that listed before this write can still read it.
        var old = new List<string>();
        await foreach (var entry in _storage.ListAsync(Folder, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Path.EndsWith(".json", StringComparison.Ordinal) && string.CompareOrdinal(entry.Path, PathOf(version)) < 0)
            {
                old.Add(entry.Path);
            }
        }

        foreach (var path in old)
        {
            await _storage.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string PathOf(long version) => $"{Folder}{version.ToString("D20", CultureInfo.InvariantCulture)}.json";

    internal static string Describe(ILakeStorage storage) =>
        Uri.TryCreate(storage.Root, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Path)
            : storage.Root;
}
