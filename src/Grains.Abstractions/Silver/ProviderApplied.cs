namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// What a batch of Bronze commits did to a provider: the versions it closed or opened (to MERGE into
/// silver_providers; when there are any, the claims and feedback that reference the provider are re-enriched).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProviderApplied(
    [property: Id(4)] string ProviderId,
    [property: Id(3)] IReadOnlyList<ProviderVersionRow> Changed);
