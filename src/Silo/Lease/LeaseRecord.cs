using System.Globalization;
using System.Text.Json.Serialization;

namespace Kardiaflow.Silo.Lease;

/// <summary>
/// One version of the lake's writer lease (<c>_kardiaflow/writer-lease/&lt;version&gt;.json</c>): the group that holds
/// it, since when, how long a member's renewal is good for, and the members that renewed it. No members: the lease is
/// free. Written once, never changed: the next version is a new object (see <see cref="LakeWriterLease"/>).
/// </summary>
public sealed class LeaseRecord
{
    [JsonPropertyName("group")] public string Group { get; set; } = string.Empty;

    [JsonPropertyName("kind")] public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("holder")] public string Holder { get; set; } = string.Empty;

    [JsonPropertyName("sinceUtc")] public string SinceUtc { get; set; } = string.Empty;

    /// <summary>The holder's lease duration: a member not renewed for this long is gone.</summary>
    [JsonPropertyName("durationMs")] public long DurationMs { get; set; }

    [JsonPropertyName("members")] public List<LeaseMember> Members { get; set; } = [];

    [JsonIgnore] public TimeSpan Duration => TimeSpan.FromMilliseconds(DurationMs);

    [JsonIgnore] public DateTime Since => Parse(SinceUtc);

    internal static DateTime Parse(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
