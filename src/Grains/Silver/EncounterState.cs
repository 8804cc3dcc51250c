namespace Kardiaflow.Grains.Silver;

/// <summary>Persisted state of <see cref="EncounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class EncounterState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public HashSet<string> Feedback { get; set; } = new(StringComparer.Ordinal);
}
