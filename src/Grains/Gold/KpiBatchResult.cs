using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>The Gold rows an epoch changed in one partition.</summary>
/// <remarks>
/// Immutable by contract: the aggregator keeps the same delta in its state for replays and the coordinator only reads
/// it, so inside a silo it is returned by reference.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record KpiBatchResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] GoldDelta Delta);
