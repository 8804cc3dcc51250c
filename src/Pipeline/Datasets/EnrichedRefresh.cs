namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// An enriched Silver table a dataset's feed refreshes after each batch: by the facts it changed
/// (<paramref name="DimensionColumn"/> null: the table's base table is this dataset's Silver table), or as a dimension,
/// re-enriching the rows whose <paramref name="DimensionColumn"/> names a changed key.
/// </summary>
public sealed record EnrichedRefresh(string Table, string? DimensionColumn = null)
{
    public bool IsFactRefresh => DimensionColumn is null;
}
