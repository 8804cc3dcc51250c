namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>What the claims and feedback enriched tables take from a provider's current version.</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderDimension([property: Id(0)] string? Specialty, [property: Id(1)] string? Location);
