using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>
/// One Gold epoch's facts for one aggregator partition. <paramref name="AsOfDay"/> is the UTC date (day number) the
/// date-dependent rows are computed for; with <paramref name="Refresh"/>, those rows are recomputed for every key the
/// partition owns (a new day). <paramref name="EmptyTables"/> are the Gold tables without a file before the epoch: every
/// row written to them is an insert, so their commit needs no change-data files (readers take inserts from its adds).
/// </summary>
/// <remarks>
/// Immutable by contract: neither the coordinator nor the aggregator changes the facts once sent, so a call inside a
/// silo passes them by reference (no copy, no serialization); between silos they travel through <c>Gold/Wire</c>.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record KpiBatch(
    [property: Id(0)] long Epoch,
    [property: Id(1)] int AsOfDay,
    [property: Id(2)] KpiFacts Facts,
    [property: Id(3)] bool Refresh,
    [property: Id(4)] IReadOnlyList<string>? EmptyTables = null);
