using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>The schema of every <c>_quarantine/bad_&lt;dataset&gt;</c> table (docs/data-contract.md (Bronze)).</summary>
public static class QuarantineColumns
{
    public const string SourceFile = "_source_file";
    public const string SourceRow = "_source_row";
    public const string BatchId = "_batch_id";
    public const string IngestTs = "_ingest_ts";
    public const string Reason = "reason";
    public const string Raw = "raw";

    /// <summary>Raw text is cut here so one broken line cannot blow up the quarantine table.</summary>
    public const int MaxRawChars = 64 * 1024;

    public static StructType Schema { get; } = new(
    [
        new(SourceFile, PrimitiveType.String),
        new(SourceRow, PrimitiveType.Long),
        new(BatchId, PrimitiveType.String),
        new(IngestTs, PrimitiveType.Timestamp),
        new(Reason, PrimitiveType.String),
        new(Raw, PrimitiveType.String),
    ]);
}
