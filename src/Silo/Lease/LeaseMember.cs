using System.Text.Json.Serialization;

namespace Kardiaflow.Silo.Lease;

/// <summary>One process holding the lake's writer lease, as written in a <see cref="LeaseRecord"/>.</summary>
public sealed class LeaseMember
{
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;

    [JsonPropertyName("host")] public string Host { get; set; } = string.Empty;

    [JsonPropertyName("pid")] public int ProcessId { get; set; }

    [JsonPropertyName("processStartUtc")] public string ProcessStartUtc { get; set; } = string.Empty;

    [JsonPropertyName("renewedUtc")] public string RenewedUtc { get; set; } = string.Empty;

    [JsonIgnore] public DateTime Renewed => LeaseRecord.Parse(RenewedUtc);
}
