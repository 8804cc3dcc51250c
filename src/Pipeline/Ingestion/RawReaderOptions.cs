namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>Knobs of the raw readers; the defaults suit the benchmark and the bad-input corpus.</summary>
public sealed record RawReaderOptions
{
    public static RawReaderOptions Default { get; } = new();

    /// <summary>Records (Bronze + quarantined) per <see cref="RecordBatch"/>.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>
    /// Largest CSV/TSV record in chars. The parser must hold a whole record, and past this size it cannot tell
    /// where the next record starts, so the file fails with <see cref="InputFileErrorKind.RecordTooLarge"/>.
    /// </summary>
    public int MaxCsvRecordChars { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest JSONL line in bytes; a longer line is quarantined (its end is still found) and reading goes on.</summary>
    public int MaxJsonLineBytes { get; init; } = 32 * 1024 * 1024;
}
