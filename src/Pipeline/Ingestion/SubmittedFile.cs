namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>A file found in a submission folder.</summary>
/// <param name="RelativePath">'/'-separated path under the submission root (the <c>_source_file</c> value).</param>
/// <param name="Dataset">Dataset name (from its folder, or given explicitly); null when it cannot be told.</param>
/// <param name="Format">Format by extension; null when the extension is unknown.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Problem">Why the file cannot be ingested (unknown extension, outside the folder...); null when it can.</param>
public sealed record SubmittedFile(string RelativePath, string? Dataset, RawFormat? Format, long Length, string? Problem)
{
    public bool IsIngestible => Problem is null;
}
