namespace Kardiaflow.Pipeline.Gold;

/// <summary>One silver_claims_enriched change image (see <see cref="ClaimFact"/> for the weight).</summary>
public sealed record EnrichedClaimFact(int Weight, string ClaimId, string? ProviderSpecialty, string? DiagnosisCode, string? Status);
