namespace Kardiaflow.Grains.Gold;

/// <summary>
/// Persisted state of <see cref="GoldGrain"/>: the last completed epoch, the next Silver version to read per feed, the
/// UTC day the date-dependent rows were computed for, and the epoch in progress (its Silver end versions are fixed
/// before any aggregator sees it, so a replay after a crash reads exactly the same changes).
/// </summary>
[GenerateSerializer]
public sealed class GoldState
{
    [Id(0)] public long Epoch { get; set; }

    [Id(1)] public Dictionary<string, long> NextVersions { get; set; } = [];

    [Id(2)] public int AsOfDay { get; set; }

    [Id(3)] public long? PendingEpoch { get; set; }

    [Id(4)] public Dictionary<string, long> PendingTo { get; set; } = [];

    [Id(5)] public int PendingAsOfDay { get; set; }

    [Id(6)] public long FactsRead { get; set; }

    [Id(7)] public Dictionary<string, long> RowsChanged { get; set; } = [];

    /// <summary>The newest enqueued time among the streamed events the Gold tables reflect (null: none yet).</summary>
    [Id(8)] public DateTime? NewestInputEnqueuedUtc { get; set; }

    /// <summary>
    /// <c>Kardiaflow:Gold:Buckets</c> when this lake's Gold began (0: no epoch yet). The buckets route every grouping key to
    /// the aggregator that holds its aggregates, so a lake's Gold can only go on with the count it was built with.
    /// </summary>
    [Id(9)] public int Buckets { get; set; }

    /// <summary>How the aggregators keep state and Gold files (<see cref="GoldGrain.Layout"/>; 0: before aggregator-owned files).</summary>
    [Id(10)] public int Layout { get; set; }
}
