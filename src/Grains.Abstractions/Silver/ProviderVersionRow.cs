namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>One silver_providers row (a validity window of a provider's attributes).</summary>
[GenerateSerializer, Immutable]
public sealed record ProviderVersionRow(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string? Specialty,
    [property: Id(2)] string? Location,
    [property: Id(3)] DateTime EffStart,
    [property: Id(4)] DateTime? EffEnd,
    [property: Id(5)] bool IsCurrent,
    [property: Id(6)] string? BatchId,
    [property: Id(7)] string SourceFile);
