namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// What a batch of Bronze commits did to a provider: the versions it closed or opened (to MERGE into silver_providers)
/// and, when its current version changed, the claims and feedback that reference it (to re-enrich).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProviderApplied(
    [property: Id(0)] IReadOnlyList<ProviderVersionRow> Changed,
    [property: Id(1)] IReadOnlyList<string> ClaimsToRefresh,
    [property: Id(2)] IReadOnlyList<string> FeedbackToRefresh);
