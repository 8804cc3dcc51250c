using Orleans.Concurrency;

namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// The Gold coordinator (one grain, key <see cref="Key"/>): follows the Silver change feeds from its cursors, routes the
/// changes to the aggregator partitions, and commits the changed rows to the Gold tables.
/// </summary>
public interface IGoldGrain : IGrainWithStringKey
{
    /// <summary>The key of the one Gold coordinator.</summary>
    public const string Key = "gold";

    /// <summary>Brings every Gold table up to the Silver tables' current versions (a no-op when nothing changed).</summary>
    [ResponseTimeout("00:15:00")]
    Task<GoldUpdateResult> UpdateAsync();

    /// <summary>The last completed update's epoch and Silver versions.</summary>
    Task<GoldUpdateResult> GetStatusAsync();

    /// <summary>
    /// "A Silver table has a new version": the Silver feeds say so after consuming Bronze versions. Gold then updates
    /// at its next interval tick (<c>Kardiaflow:Gold:UpdateInterval</c>), so streamed arrivals reach Gold without a
    /// submission's explicit <see cref="UpdateAsync"/>.
    /// </summary>
    [OneWay]
    Task SilverAdvancedAsync();
}
