namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>A masked patient row (no PHI: birth year only) with its arrival order.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientRow(
    [property: Id(0)] string Id,
    [property: Id(1)] int? BirthYear,
    [property: Id(2)] string? Marital,
    [property: Id(3)] string? Race,
    [property: Id(4)] string? Ethnicity,
    [property: Id(5)] string? Gender,
    [property: Id(6)] DateTime? IngestTs,
    [property: Id(7)] string? BatchId,
    [property: Id(8)] string SourceFile,
    [property: Id(9)] long CommitVersion,
    [property: Id(10)] long SourceRow);
