namespace Kardiaflow.Grains.Abstractions.Gold;

/// <summary>
/// The Gold coordinator (one grain, key <c>gold</c>): follows the Silver change feeds from its cursors, routes the
/// changes to the aggregator partitions, and commits the changed rows to the Gold tables.
/// </summary>
public interface IGoldGrain : IGrainWithStringKey
{
    /// <summary>Brings every Gold table up to the Silver tables' current versions (a no-op when nothing changed).</summary>
    [ResponseTimeout("00:15:00")]
    Task<GoldUpdateResult> UpdateAsync();

    /// <summary>The last completed update's epoch and Silver versions.</summary>
    Task<GoldUpdateResult> GetStatusAsync();
}
