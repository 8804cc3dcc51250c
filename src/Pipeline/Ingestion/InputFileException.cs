namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// A whole input file could not be ingested (unopenable, unknown format, outside the submission, corrupt
/// container). Names the file by its relative path and, when known, the 1-based record; the message never
/// carries a value from the file, so it is safe to log (no PHI).
/// </summary>
public sealed class InputFileException : Exception
{
    public InputFileException()
        : this(string.Empty, InputFileErrorKind.Unreadable, "The input file could not be read.")
    {
    }

    public InputFileException(string message)
        : this(string.Empty, InputFileErrorKind.Unreadable, message)
    {
    }

    public InputFileException(string message, Exception innerException)
        : this(string.Empty, InputFileErrorKind.Unreadable, message, null, innerException)
    {
    }

    public InputFileException(string relativePath, InputFileErrorKind kind, string problem, long? sourceRow = null, Exception? innerException = null)
        : base(Compose(relativePath, problem, sourceRow), StripPhi(innerException))
    {
        RelativePath = relativePath;
        Kind = kind;
        SourceRow = sourceRow;
    }

    /// <summary>The file's path relative to the submission root, '/' separated.</summary>
    public string RelativePath { get; } = string.Empty;

    public InputFileErrorKind Kind { get; }

    /// <summary>1-based record position where reading failed, when known.</summary>
    public long? SourceRow { get; }

    private static string Compose(string relativePath, string problem, long? sourceRow) =>
        sourceRow is { } row
            ? $"Input file '{relativePath}', record {row}: {problem}"
            : $"Input file '{relativePath}': {problem}";

    // Library exceptions (JSON, CSV, Avro) may quote the offending text; keep only their type so a logged
    // stack trace cannot leak a value.
    private static Exception? StripPhi(Exception? inner) =>
        inner is null ? null : new InvalidDataException($"{inner.GetType().FullName} (details withheld: may contain row values)");
}
