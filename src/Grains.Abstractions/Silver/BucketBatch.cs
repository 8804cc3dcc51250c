namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>A bucket's share of a batch: Silver rows of the table's schema, one per key, prepared against <see cref="ReadVersion"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record BucketBatch(
    [property: Id(0)] long ReadVersion,
    [property: Id(1)] SilverWriteMode Mode,
    [property: Id(2)] IReadOnlyList<object?[]> Rows);
