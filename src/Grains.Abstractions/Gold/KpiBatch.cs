namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// One Gold epoch's facts for one aggregator partition (JSON of the Pipeline's <c>KpiFacts</c>).
/// <paramref name="AsOfDay"/> is the UTC date (day number) the date-dependent rows are computed for;
/// with <paramref name="Refresh"/>, those rows are recomputed for every key the partition owns (a new day).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KpiBatch(
    [property: Id(0)] long Epoch,
    [property: Id(1)] int AsOfDay,
    [property: Id(2)] string FactsJson,
    [property: Id(3)] bool Refresh);
