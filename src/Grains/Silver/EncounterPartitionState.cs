namespace Kardiaflow.Grains.Silver;

/// <summary>Persisted state of <see cref="EncounterPartitionGrain"/>.</summary>
[GenerateSerializer]
public sealed class EncounterPartitionState
{
    /// <summary>The encounter ids of the partition that are in silver_encounters.</summary>
    [Id(0)] public HashSet<string> Existing { get; set; } = [];

    /// <summary>The feedback ids that name each encounter as visit_id (whether or not it exists yet).</summary>
    [Id(1)] public Dictionary<string, HashSet<string>> Feedback { get; set; } = [];
}
