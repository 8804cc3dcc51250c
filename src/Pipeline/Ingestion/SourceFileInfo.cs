namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>A submitted file, resolved and checked to lie inside its submission folder.</summary>
/// <param name="RootFolder">The submission root, absolute.</param>
/// <param name="RelativePath">Path relative to the root with '/' separators: the value of <c>_source_file</c>.</param>
/// <param name="FullPath">Absolute path of the file as submitted (not the symlink target).</param>
/// <param name="Format">Format chosen by extension.</param>
/// <param name="Length">Size in bytes when resolved.</param>
public sealed record SourceFileInfo(string RootFolder, string RelativePath, string FullPath, RawFormat Format, long Length);
