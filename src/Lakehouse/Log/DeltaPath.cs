namespace Kardiaflow.Lakehouse.Log;

/// <summary>Paths in the log are URIs relative to the table root: decode exactly once, encode exactly once.</summary>
public static class DeltaPath
{
    /// <summary>Decodes a log path (<c>x=A%252FA/f.parquet</c> → <c>x=A%2FA/f.parquet</c>).</summary>
    public static string Decode(string logPath) => Uri.UnescapeDataString(logPath);

    /// <summary>Encodes a relative path for the log, leaving the separators alone.</summary>
    public static string Encode(string relativePath) =>
        string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The zero-padded commit file name of a version.</summary>
    public static string CommitFileName(long version) => $"{version:D20}.json";
}
