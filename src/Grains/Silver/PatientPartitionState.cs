using Kardiaflow.Grains.Abstractions.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Persisted state of <see cref="PatientPartitionGrain"/>: a cache of its patients' silver_patients rows.
/// </summary>
[GenerateSerializer]
public sealed class PatientPartitionState
{
    [Id(0)] public Dictionary<string, PatientRow> Current { get; set; } = [];

    /// <summary>The last Bronze version applied, and what applying it returned (returned again on a replay).</summary>
    [Id(2)] public long LastVersion { get; set; } = -1;

    [Id(3)] public List<PatientApplied>? LastOutcome { get; set; }
}
