using Kardiaflow.Grains.Abstractions.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Persisted state of <see cref="ProviderPartitionGrain"/>: its providers' SCD2 histories.</summary>
[GenerateSerializer]
public sealed class ProviderPartitionState
{
    /// <summary>Each provider's versions, oldest first.</summary>
    [Id(0)] public Dictionary<string, List<ProviderVersionRow>> History { get; set; } = [];

    [Id(3)] public long LastVersion { get; set; } = -1;

    [Id(4)] public List<ProviderApplied>? LastOutcome { get; set; }
}
