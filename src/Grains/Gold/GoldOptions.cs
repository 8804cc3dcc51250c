using System.ComponentModel.DataAnnotations;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>Gold settings (configuration section <c>Kardiaflow:Gold</c>; defaults apply when the host binds none).</summary>
public sealed class GoldOptions
{
    public const string SectionName = "Kardiaflow:Gold";

    /// <summary>Aggregator partitions per grouping kind.</summary>
    [Range(1, 4096)]
    public int Buckets { get; set; } = 16;

    /// <summary>
    /// Pages per aggregator partition: each Gold table holds one data file per page of each partition, and an epoch
    /// rewrites only the pages whose rows changed (regenerated from the aggregates, no Gold file read). More pages make
    /// small epochs cheaper and the tables' files more numerous. A partition keeps the count it first wrote with.
    /// </summary>
    [Range(1, 1024)]
    public int Pages { get; set; } = 4;

    /// <summary>Aggregator calls in flight at once during an epoch.</summary>
    [Range(1, 1024)]
    public int MaxParallelCalls { get; set; } = 16;

    /// <summary>gold_rapid_fire_claims keeps (patient, day) with more than this many claims.</summary>
    [Range(0, int.MaxValue)]
    public int RapidFireThreshold { get; set; } = 5;

    /// <summary>
    /// How soon Gold follows Silver without a submission's explicit update (streamed arrivals): when a Silver table
    /// advanced since the last update, Gold updates at the next tick of this period. 0 turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Silver change-data rows an epoch folds at most (counted from the Silver commits' metrics; an epoch takes at least
    /// one commit). An update with a larger backlog, such as a whole run's Silver, runs several epochs, so Gold's memory
    /// is bounded by this and not by the backlog.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxChangesPerEpoch { get; set; } = 1_000_000;

    public KpiSettings Settings => KpiSettings.Default with { RapidFireThreshold = RapidFireThreshold };
}
