namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The one writer of an enriched Silver table (key: its table name, e.g. <c>silver_claims_enriched</c>): recomputes the
/// enriched rows of the given fact keys from the current base Silver table and the current dimension grains.
/// </summary>
public interface IEnrichedTableGrain : IGrainWithStringKey
{
    /// <summary>
    /// Re-enriches <paramref name="factKeys"/> in one MERGE carrying the Delta txn (<paramref name="appId"/>,
    /// <paramref name="version"/>): a refresh already committed under that txn is a no-op. When the facts are exactly
    /// those that base-table version <paramref name="factsCommittedAt"/> inserted or updated, they are read from that
    /// commit's change data instead of the whole base table.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task RefreshAsync(string appId, long version, IReadOnlyList<string> factKeys, long? factsCommittedAt);
}
