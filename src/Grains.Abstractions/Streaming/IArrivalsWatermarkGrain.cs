using Orleans.Concurrency;

namespace Kardiaflow.Grains.Abstractions.Streaming;

/// <summary>
/// Which streamed events each Bronze version holds, by their newest enqueued time, so that Gold can say how fresh it is
/// (one grain, key 0). The arrivals grains record every Bronze commit; Gold, before an update, hands in the Bronze versions
/// the Silver feeds have consumed and gets back the newest enqueued time among the events those versions hold.
/// </summary>
/// <remarks>Kept in memory: after a deactivation (an idle cluster) freshness is known again from the next streamed event.</remarks>
public interface IArrivalsWatermarkGrain : IGrainWithIntegerKey
{
    /// <summary>"<paramref name="bronzeTable"/> version <paramref name="version"/> holds events enqueued up to <paramref name="newestEnqueuedUtc"/>".</summary>
    [OneWay]
    Task RecordAsync(string bronzeTable, long version, DateTime newestEnqueuedUtc);

    /// <summary>Forgets the versions at or below <paramref name="consumedVersions"/> (by Bronze table) and returns the newest
    /// enqueued time among every event consumed so far (null before the first).</summary>
    Task<DateTime?> AdvanceAsync(IReadOnlyDictionary<string, long> consumedVersions);
}
