namespace Kardiaflow.Grains.Silver;

/// <summary>Row counts of one consumed Bronze version (see <see cref="Abstractions.Silver.SilverFeedStatus"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record VersionCounts(
    [property: Id(0)] long RowsRead,
    [property: Id(1)] long NullKeysDropped,
    [property: Id(2)] long DuplicatesIgnored,
    [property: Id(3)] long Superseded);
