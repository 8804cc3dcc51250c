namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// What a Gold update did: the epoch now in the Gold tables, the Silver versions consumed up to (inclusive), the
/// change-feed rows read, and the Gold rows upserted or deleted per table.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GoldUpdateResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] IReadOnlyDictionary<string, long> SilverVersions,
    [property: Id(2)] long FactsRead,
    [property: Id(3)] IReadOnlyDictionary<string, long> RowsChanged);
