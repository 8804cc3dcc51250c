namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// What one Bronze version did to a patient: its current row (to MERGE into silver_patients) and whether the
/// attributes the enriched encounters take from it changed (then its encounters are re-enriched).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PatientApplied(
    [property: Id(0)] PatientRow Current,
    [property: Id(2)] bool DimensionChanged);
