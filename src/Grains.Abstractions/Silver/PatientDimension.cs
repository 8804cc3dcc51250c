namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>What silver_encounters_enriched takes from a patient.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientDimension([property: Id(0)] string? Gender, [property: Id(1)] int? BirthYear);
