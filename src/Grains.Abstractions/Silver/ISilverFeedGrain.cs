namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// Follows one Bronze table's change feed into its Silver table (key: the Bronze table path, e.g.
/// <c>bronze/bronze_patients</c>). Triggered by the table's version announcements, on activation, and by
/// <see cref="CatchUpAsync"/>; its cursor is the Delta txn of the tables it writes.
/// </summary>
public interface ISilverFeedGrain : IGrainWithStringKey
{
    /// <summary>Starts consuming up to the Bronze table's latest version (when not already doing so); returns at once.</summary>
    Task<SilverFeedStatus> CatchUpAsync();

    /// <summary>Where the feed is; processing continues in the background.</summary>
    Task<SilverFeedStatus> GetStatusAsync();
}
