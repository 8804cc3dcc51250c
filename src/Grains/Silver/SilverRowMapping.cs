using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>Between the plain Silver rule records of <c>Kardiaflow.Pipeline.Silver</c> and the serializable messages.</summary>
public static class SilverRowMapping
{
    public static ProviderRow ToMessage(this ProviderRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.ProviderId, r.Specialty, r.Location, r.IngestTs, r.BatchId, r.Arrival.SourceFile, r.Arrival.CommitVersion, r.Arrival.SourceRow);
    }

    public static ProviderRecord ToRecord(this ProviderRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.ProviderId, r.Specialty, r.Location, r.IngestTs, r.BatchId, new ArrivalOrder(r.CommitVersion, r.SourceFile, r.SourceRow));
    }

    /// <summary>Categorical values shared (see <see cref="SharedStrings"/>): partition state keeps these rows.</summary>
    public static ProviderVersionRow ToMessage(this ProviderVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.ProviderId, SharedStrings.Of(v.Specialty), SharedStrings.Of(v.Location), v.EffStart, v.EffEnd, v.IsCurrent,
            SharedStrings.Of(v.BatchId), SharedStrings.Of(v.SourceFile)!);
    }

    public static ProviderVersion ToVersion(this ProviderVersionRow v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.ProviderId, v.Specialty, v.Location, v.EffStart, v.EffEnd, v.IsCurrent, v.BatchId, v.SourceFile);
    }
}
