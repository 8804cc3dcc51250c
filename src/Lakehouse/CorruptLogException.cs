namespace Kardiaflow.Lakehouse;

/// <summary>A log file (commit, checkpoint, <c>_last_checkpoint</c>) cannot be understood. Names the file and, for JSON, the line.</summary>
public sealed class CorruptLogException : DeltaLakeException
{
    public CorruptLogException()
    {
    }

    public CorruptLogException(string message)
        : base(message)
    {
    }

    public CorruptLogException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string? FilePath { get; init; }

    /// <summary>1-based line number for JSON commit files; null when the problem is not tied to a line.</summary>
    public int? Line { get; init; }

    public static CorruptLogException At(string filePath, int? line, string problem, Exception? inner = null) =>
        new(
            $"Corrupt Delta log file '{filePath}'{(line is { } l ? $" at line {l}" : string.Empty)}: {problem}. " +
            "The file was probably truncated or written by a broken writer; restore it from a backup or remove the table version it belongs to.",
            inner)
        {
            FilePath = filePath,
            Line = line,
        };
}
