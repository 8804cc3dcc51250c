namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// What a Gold update did: the epoch now in the Gold tables, the Silver versions consumed up to (inclusive), the
/// change-feed rows read, and the Gold rows upserted or deleted per table. <paramref name="EpochsRun"/> is 0 when the
/// update found Gold already caught up with Silver (the other values then describe the last epoch that ran).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GoldUpdateResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] IReadOnlyDictionary<string, long> SilverVersions,
    [property: Id(2)] long FactsRead,
    [property: Id(3)] IReadOnlyDictionary<string, long> RowsChanged,
    [property: Id(4)] int EpochsRun = 0);
