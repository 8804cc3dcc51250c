namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>The outcome of one file of a submission.</summary>
[GenerateSerializer]
public enum FileStatus
{
    /// <summary>Waiting for its parts to be read.</summary>
    Pending = 0,

    /// <summary>Every part is written; waiting for the files before it (path order) to commit.</summary>
    Written = 1,

    /// <summary>Committed to Bronze (and quarantine).</summary>
    Ingested = 2,

    /// <summary>The same relative path with the same content was already ingested: nothing was added.</summary>
    Skipped = 3,

    /// <summary>The file could not be read; nothing of it was committed. The error names the file.</summary>
    Failed = 4,
}
