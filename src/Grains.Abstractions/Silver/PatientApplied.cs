namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// What one Bronze version did to a patient: its current row (to MERGE into silver_patients) and, when the
/// attributes the enriched tables use changed, the encounters that reference the patient (to re-enrich).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PatientApplied(
    [property: Id(0)] PatientRow Current,
    [property: Id(1)] IReadOnlyList<string> EncountersToRefresh);
