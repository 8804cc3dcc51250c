namespace Kardiaflow.Grains.Gold;

/// <summary>A Gold data or change-data file an aggregator wrote: its path as in the Delta log, size and statistics.</summary>
[GenerateSerializer, Immutable]
public sealed record GoldFile(
    [property: Id(0)] string Path,
    [property: Id(1)] long Size,
    [property: Id(2)] long ModificationTime,
    [property: Id(3)] string? Stats);
