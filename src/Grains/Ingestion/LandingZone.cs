namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// The lake's landing zone (Azure profile): <c>_landing/&lt;job id&gt;/&lt;relative path&gt;</c> in the lake container holds
/// what the console uploaded for one submission. A submission whose root is such a prefix is read from there.
/// </summary>
public static class LandingZone
{
    public const string Prefix = "_landing/";

    public static string RootFor(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return Prefix + jobId;
    }

    public static bool IsLandingRoot(string root) =>
        root is not null && root.StartsWith(Prefix, StringComparison.Ordinal) && root.Length > Prefix.Length;
}
