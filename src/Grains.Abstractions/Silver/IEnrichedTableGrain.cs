namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The one writer of an enriched Silver table (key: its table name, e.g. <c>silver_claims_enriched</c>): recomputes
/// enriched rows from the current base Silver table and the current dimension grains. Both refreshes MERGE in one
/// commit carrying the Delta txn (appId, version): a refresh already committed under that txn is a no-op.
/// </summary>
public interface IEnrichedTableGrain : IGrainWithStringKey
{
    /// <summary>
    /// Re-enriches the facts <paramref name="factKeys"/> after their base table changed. When the facts are exactly
    /// those that base-table version <paramref name="factsCommittedAt"/> inserted or updated, they are read from that
    /// commit's change data instead of the whole base table.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task RefreshAsync(string appId, long version, IReadOnlyList<string> factKeys, long? factsCommittedAt);

    /// <summary>
    /// Re-enriches the rows whose <paramref name="dimensionColumn"/> (<c>patient_id</c>, <c>provider_id</c>, or
    /// <c>visit_id</c> of feedback) names one of <paramref name="dimensionIds"/>, after those dimensions changed: their
    /// columns from that dimension are looked up again, the rest is kept. For <c>visit_id</c> the ids are encounters
    /// that the caller has just committed to silver_encounters.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task RefreshDimensionAsync(string appId, long version, string dimensionColumn, IReadOnlyList<string> dimensionIds);
}
