namespace Kardiaflow.Grains.Gold;

/// <summary>
/// An aggregator partition (key: <c>&lt;kind&gt;/&lt;bucket&gt;</c>, e.g. <c>Patient/7</c>): the KPI state of the grouping
/// keys of one kind (patient, provider, specialty, procedure, tag) whose hash falls in the bucket.
/// </summary>
/// <remarks>
/// Only the Gold coordinator calls it, with the Pipeline's fact and delta types; it lives with the grains, not in
/// Grains.Abstractions, because those types (and their Orleans converters, <c>Gold/Wire</c>) live on this side.
/// </remarks>
public interface IKpiAggregatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Folds the epoch's facts in and returns the changed Gold rows. Idempotent per epoch: the epoch it last applied
    /// returns the same result again without folding twice; older epochs return an empty result.
    /// </summary>
    [ResponseTimeout("00:05:00")]
    Task<KpiBatchResult> ApplyAsync(KpiBatch batch);
}
