using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// One Silver table (docs/data-contract.md, Silver): its schema, the key its MERGEs and the dup_key check use, the columns
/// its contract check requires (null when it has none), and for an enriched table the base table whose facts it copies
/// and the join that adds its dimension columns. <see cref="ServedColumns"/> are the columns looked up by the first key
/// column (a dimension's attributes, an SCD2 table's current version): its key buckets keep them in memory for every
/// key, or for an SCD2 table only for the rows whose boolean <see cref="CurrentColumn"/> is true
/// (docs/adr/silver-entity-state.md).
/// </summary>
public sealed record SilverTable(
    string Name,
    StructType Schema,
    IReadOnlyList<string> Key,
    IReadOnlyList<string>? ContractColumns = null,
    string? BaseTable = null,
    EnrichedJoin? Join = null,
    IReadOnlyList<string>? ServedColumns = null,
    string? CurrentColumn = null)
{
    /// <summary>Table path relative to the lake root: <c>silver/silver_patients</c>.</summary>
    public string Path => SilverTables.PathOf(Name);

    public bool IsEnriched => BaseTable is not null;
}
