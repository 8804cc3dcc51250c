using Kardiaflow.Grains.Abstractions.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Persisted state of <see cref="PatientGrain"/>: a cache of silver_patients and of who references the patient.</summary>
[GenerateSerializer]
public sealed class PatientState
{
    [Id(0)] public PatientRow? Current { get; set; }

    /// <summary>The last Bronze version applied, and what applying it returned (returned again on a replay).</summary>
    [Id(1)] public long LastVersion { get; set; } = -1;

    [Id(2)] public PatientApplied? LastOutcome { get; set; }

    [Id(3)] public HashSet<string> Encounters { get; set; } = new(StringComparer.Ordinal);
}
