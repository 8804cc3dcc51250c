using System.Security.Cryptography;

namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>Resolves submitted paths safely and computes the content identity used for "already ingested".</summary>
public static class SourceFiles
{
    /// <summary>
    /// Resolves <paramref name="relativePath"/> under <paramref name="rootFolder"/>. Throws
    /// <see cref="InputFileException"/> when the path (or any symlink on it) leads outside the root, the
    /// file is missing, or the extension is unknown.
    /// </summary>
    public static SourceFileInfo Resolve(string rootFolder, string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder));
        if (Path.IsPathRooted(relativePath) || relativePath[0] is '/' or '\\')
        {
            // Taken as relative, "/etc/x.csv" would quietly become "etc/x.csv" under the root: refused as what it is.
            throw new InputFileException(relativePath, InputFileErrorKind.OutsideSubmission, "an absolute path is not a path inside the submitted folder; it is not ingested.");
        }

        var normalized = Normalize(relativePath);
        if (normalized.Split('/').Contains(".."))
        {
            // Even "a/../b", which stays inside, would give b a second identity (_source_file) and so a second ingestion.
            throw Outside(normalized);
        }

        var full = Path.GetFullPath(Path.Combine(root, normalized));
        if (!IsUnder(root, full))
        {
            throw Outside(normalized);
        }

        var format = RawFormats.FromPath(normalized);
        string realRoot, realFile;
        try
        {
            realRoot = RealPath(root);
            realFile = RealPath(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(normalized, InputFileErrorKind.Unreadable, "the path could not be resolved (symbolic link loop or access denied).", null, e);
        }

        if (!IsUnder(realRoot, realFile))
        {
            throw Outside(normalized);
        }

        var info = new FileInfo(realFile);
        if (!info.Exists)
        {
            throw new InputFileException(normalized, InputFileErrorKind.Unreadable, "the file does not exist.");
        }

        return new SourceFileInfo(root, normalized, full, format, info.Length);
    }

    /// <summary>
    /// True when the link at <paramref name="fullPath"/> (or any link on its way) lands outside <paramref name="rootFolder"/>,
    /// or cannot be resolved (a loop): judged from link targets only, without opening or measuring what is behind them.
    /// </summary>
    public static bool LinkLeadsOutside(string rootFolder, string fullPath)
    {
        try
        {
            return !IsUnder(RealPath(Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder))), RealPath(fullPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>'/'-separated, without "." or empty segments: the form stored in <c>_source_file</c> (".." segments are kept, for <see cref="Resolve"/> to refuse).</summary>
    public static string Normalize(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/');
        return string.Join('/', path.Split('/').Where(segment => segment.Length > 0 && segment != "."));
    }

    /// <summary>The relative path of <paramref name="fullPath"/> under <paramref name="rootFolder"/>, normalized.</summary>
    public static string RelativeTo(string rootFolder, string fullPath) =>
        Normalize(Path.GetRelativePath(Path.GetFullPath(rootFolder), Path.GetFullPath(fullPath)));

    /// <summary>Lower-case hex SHA-256 of the file's content, streamed (the file is never loaded whole).</summary>
    public static async Task<string> ComputeSha256Async(SourceFileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
                return Convert.ToHexStringLower(hash);
            }
        }
        catch (IOException e)
        {
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, "the file could not be read to compute its hash.", null, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, "access to the file was denied.", null, e);
        }
    }

    internal static FileStream OpenRead(SourceFileInfo file, int bufferSize = 1 << 16)
    {
        try
        {
            return new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(file.RelativePath, InputFileErrorKind.Unreadable, "the file could not be opened.", null, e);
        }
    }

    private static InputFileException Outside(string relativePath) =>
        new(relativePath, InputFileErrorKind.OutsideSubmission, "the path resolves outside the submitted folder (through '..' or a symbolic link); it is not ingested.");

    private static bool IsUnder(string root, string full) =>
        full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // Follows symlinks on every component, so a link anywhere on the path is judged by where it lands.
    private static string RealPath(string path, int depth = 0)
    {
        if (depth > 40)
        {
            throw new IOException("Too many levels of symbolic links.");
        }

        var full = Path.GetFullPath(path);
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full) ?? "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = entry.LinkTarget is { } target
                ? RealPath(Path.GetFullPath(target, current), depth + 1)
                : next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
