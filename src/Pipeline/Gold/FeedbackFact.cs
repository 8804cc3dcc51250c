namespace Kardiaflow.Pipeline.Gold;

/// <summary>One silver_feedback_enriched change image (see <see cref="ClaimFact"/> for the weight).</summary>
public sealed record FeedbackFact(
    int Weight,
    string FeedbackId,
    string? ProviderId,
    string? ProviderSpecialty,
    string? Source,
    int? Score,
    IReadOnlyList<string?>? Tags,
    string? VisitId,
    bool EncounterMissing);
