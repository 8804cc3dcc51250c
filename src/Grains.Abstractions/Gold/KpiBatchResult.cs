namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>The Gold rows an epoch changed in one partition (JSON of the Pipeline's <c>GoldDelta</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record KpiBatchResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] string DeltaJson);
