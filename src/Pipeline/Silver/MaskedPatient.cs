namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// A Bronze patient row with its PHI removed: only the Silver columns (docs/data-contract.md (Silver)) and where the row came from.
/// BIRTHDATE survives as <see cref="BirthYear"/>; every other PHI column is dropped here, before the row leaves the feed.
/// </summary>
public sealed record MaskedPatient(
    string Id,
    int? BirthYear,
    string? Marital,
    string? Race,
    string? Ethnicity,
    string? Gender,
    DateTime? IngestTs,
    string? BatchId,
    ArrivalOrder Arrival)
{
    /// <summary>The silver_patients row.</summary>
    public object?[] ToRow() => [Id, BirthYear, Marital, Race, Ethnicity, Gender, IngestTs, BatchId, Arrival.SourceFile];
}
