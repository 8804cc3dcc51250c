using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>The audit columns appended to every Bronze table (docs/data-contract.md (Bronze)), in table order.</summary>
public static class AuditColumns
{
    public const string IngestTs = "_ingest_ts";
    public const string SourceFile = "_source_file";
    public const string SourceRow = "_source_row";
    public const string BatchId = "_batch_id";
    public const string RescuedData = "_rescued_data";

    /// <summary>Offsets of the audit columns after the raw columns of a Bronze row.</summary>
    public const int IngestTsOffset = 0;
    public const int SourceFileOffset = 1;
    public const int SourceRowOffset = 2;
    public const int BatchIdOffset = 3;
    public const int RescuedDataOffset = 4;
    public const int Count = 5;

    public static IReadOnlyList<StructField> Fields { get; } =
    [
        new(IngestTs, PrimitiveType.Timestamp),
        new(SourceFile, PrimitiveType.String),
        new(SourceRow, PrimitiveType.Long),
        new(BatchId, PrimitiveType.String),
        new(RescuedData, PrimitiveType.String),
    ];
}
