namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// What a bucket prepared for a commit: the files it wrote and replaced, and its counts. <see cref="Stale"/> means the
/// table was not at the batch's read version (another writer committed): nothing was written and the writer starts over.
/// <see cref="ServedChanged"/> (tables served by their whole key only, not SCD2): the keys inserted or whose served columns changed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BucketPrepared(
    [property: Id(0)] IReadOnlyList<PreparedFile> Adds,
    [property: Id(1)] IReadOnlyList<string> Removed,
    [property: Id(2)] IReadOnlyList<PreparedFile> ChangeFiles,
    [property: Id(3)] long Inserted,
    [property: Id(4)] long Updated,
    [property: Id(5)] long Unchanged,
    [property: Id(6)] long Copied,
    [property: Id(7)] IReadOnlyList<string> SkippedKeys,
    [property: Id(8)] bool InsertChangesPending,
    [property: Id(9)] bool Stale = false,
    [property: Id(10)] IReadOnlyList<string>? ServedChanged = null);
