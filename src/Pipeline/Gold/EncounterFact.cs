namespace Kardiaflow.Pipeline.Gold;

/// <summary>One silver_encounters_enriched change image (see <see cref="ClaimFact"/> for the weight).</summary>
public sealed record EncounterFact(int Weight, string EncounterId, string? PatientId, DateTime? StartTs);
