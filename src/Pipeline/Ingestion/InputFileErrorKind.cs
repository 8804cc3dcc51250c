namespace Kardiaflow.Pipeline.Ingestion;

public enum InputFileErrorKind
{
    /// <summary>The file could not be opened or read (I/O error, missing file).</summary>
    Unreadable,

    /// <summary>The extension names no supported format.</summary>
    UnsupportedFormat,

    /// <summary>The path resolves outside the submitted folder (e.g. through a symlink).</summary>
    OutsideSubmission,

    /// <summary>The container is broken: not Avro, corrupt Parquet footer, truncated file, unterminated structure.</summary>
    Corrupt,

    /// <summary>A single record exceeds the reader's size limit, so the reader cannot find where the next one starts.</summary>
    RecordTooLarge,
}
