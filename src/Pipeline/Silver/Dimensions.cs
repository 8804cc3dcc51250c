namespace Kardiaflow.Pipeline.Silver;

/// <summary>What the enriched tables take from a patient: a null instance means the patient is missing.</summary>
public sealed record PatientAttributes(string? Gender, int? BirthYear);

/// <summary>What the enriched tables take from a provider's current version.</summary>
public sealed record ProviderAttributes(string? Specialty, string? Location);
