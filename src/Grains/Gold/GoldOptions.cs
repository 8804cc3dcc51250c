using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Gold;

/// <summary>Gold settings (configuration section <c>Kardiaflow:Gold</c>; defaults apply when the host binds none).</summary>
public sealed class GoldOptions
{
    public const string SectionName = "Kardiaflow:Gold";

    /// <summary>Aggregator partitions per grouping kind.</summary>
    public int Buckets { get; set; } = 16;

    /// <summary>Aggregator calls in flight at once during an epoch.</summary>
    public int MaxParallelCalls { get; set; } = 16;

    /// <summary>gold_rapid_fire_claims keeps (patient, day) with more than this many claims.</summary>
    public int RapidFireThreshold { get; set; } = 5;

    public KpiSettings Settings => KpiSettings.Default with { RapidFireThreshold = RapidFireThreshold };
}
