namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>How a batch's rows meet the rows a Silver table already holds for their keys.</summary>
public enum SilverWriteMode
{
    /// <summary>A batch row replaces the table's row of its key (SCD1, enriched rows, SCD2 versions).</summary>
    Upsert,

    /// <summary>A batch row is inserted only when the table has no row of its key (first occurrence wins).</summary>
    InsertIfAbsent,
}
