namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>Published on <see cref="TableStreams"/> after every new commit: "<paramref name="Table"/> is at version
/// <paramref name="Version"/>".</summary>
[GenerateSerializer, Immutable]
public sealed record TableVersionAnnounced(
    [property: Id(0)] string Table,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTime CommitTimestamp);
