using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// What an epoch changed in one partition: the Gold files it wrote for the tables whose pages it owns, and the few rows
/// the coordinator writes itself (the procedures' approved summaries for the ranking, the encounter-match row).
/// </summary>
/// <remarks>
/// Immutable by contract: the aggregator keeps the same result in its state for replays and the coordinator only reads
/// it, so inside a silo it is returned by reference.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record KpiBatchResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] GoldDelta Delta,
    [property: Id(2)] IReadOnlyList<GoldTableFiles> Files)
{
    public static KpiBatchResult Empty(long epoch) => new(epoch, new GoldDelta(), []);
}
