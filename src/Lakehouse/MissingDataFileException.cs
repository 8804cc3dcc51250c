namespace Kardiaflow.Lakehouse;

/// <summary>The log references a data or change file that storage does not have (deleted by hand, or vacuumed too early).</summary>
public sealed class MissingDataFileException : DeltaLakeException
{
    public MissingDataFileException()
    {
    }

    public MissingDataFileException(string message)
        : base(message)
    {
    }

    public MissingDataFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string? FilePath { get; init; }

    public static MissingDataFileException For(string filePath, long version, Exception? inner) =>
        new($"Data file '{filePath}' referenced by table version {version} is missing. " +
            "It was deleted outside the engine or vacuumed with a retention shorter than the version's age; " +
            "read a later version, or restore the file.", inner)
        {
            FilePath = filePath,
        };
}
