using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// A file found in a submission: its dataset, identity and parts, or the error that keeps it out. A hidden or marker file
/// or folder (name starting with '.' or '_') is listed with <paramref name="Skipped"/> saying why it is not input.
/// </summary>
public sealed record ListedFile(
    string Dataset,
    string RelativePath,
    long Length,
    string ContentHash,
    IReadOnlyList<FilePart> Parts,
    string? Error,
    string? Skipped = null);
