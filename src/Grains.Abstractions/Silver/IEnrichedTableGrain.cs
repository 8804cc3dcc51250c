namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The one writer of an enriched Silver table (key: its table name, e.g. <c>silver_claims_enriched</c>): recomputes
/// enriched rows from base Silver rows and the current dimension grains. Both refreshes write in one commit carrying the Delta txn of the feed's batch key <c>version</c> (Kardiaflow.Pipeline.Silver.SilverBatchKey: the feed's txn when the key completes a Bronze version, its slice txn otherwise): a refresh already committed under that txn is a no-op.
/// </summary>
public interface IEnrichedTableGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enriches <paramref name="facts"/>, the base-table rows a feed's batch has just written (the feed hands them
    /// over, so nothing is read back from the base table).
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task RefreshAsync(string appId, long version, SilverRows facts);

    /// <summary>
    /// Re-enriches the rows whose <paramref name="dimensionColumn"/> (<c>patient_id</c>, <c>provider_id</c>, or
    /// <c>visit_id</c> of feedback) names one of <paramref name="dimensionIds"/>, after those dimensions changed: their
    /// columns from that dimension are looked up again, the rest is kept. For <c>visit_id</c> the ids are encounters
    /// that the caller has just committed to silver_encounters.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task RefreshDimensionAsync(string appId, long version, string dimensionColumn, IReadOnlyList<string> dimensionIds);
}
