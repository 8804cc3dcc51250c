using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// One Silver table (docs/data-contract.md, Silver): its schema, the key its MERGEs and the dup_key check use, the columns
/// its contract check requires (null when it has none), and for an enriched table the base table whose facts it copies
/// and the join that adds its dimension columns. <see cref="ServedColumns"/> are the columns other tables' writers look
/// up by key (a dimension's attributes): its key buckets keep them in memory (docs/adr/silver-entity-state.md).
/// </summary>
public sealed record SilverTable(
    string Name,
    StructType Schema,
    IReadOnlyList<string> Key,
    IReadOnlyList<string>? ContractColumns = null,
    string? BaseTable = null,
    EnrichedJoin? Join = null,
    IReadOnlyList<string>? ServedColumns = null)
{
    /// <summary>Table path relative to the lake root: <c>silver/silver_patients</c>.</summary>
    public string Path => SilverTables.PathOf(Name);

    public bool IsEnriched => BaseTable is not null;
}
