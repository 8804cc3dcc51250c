namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// One silver_claims change image as the KPIs see it: <paramref name="Weight"/> is +1 for an insert or post-image and
/// −1 for a delete or pre-image (a retraction).
/// </summary>
public sealed record ClaimFact(
    int Weight,
    string ClaimId,
    string? PatientId,
    string? ProviderId,
    double? Amount,
    DateOnly? ClaimDate,
    string? DiagnosisCode,
    string? ProcedureCode,
    string? Status);
