namespace Kardiaflow.Lakehouse;

/// <summary>
/// The table needs a Delta feature this engine does not implement; <see cref="Feature"/> names it. Thrown on load
/// for reader features (nothing can be read correctly) and on writes for writer features (<see cref="IsWrite"/>; the
/// table still reads).
/// </summary>
public class UnsupportedFeatureException : DeltaLakeException
{
    public UnsupportedFeatureException()
    {
    }

    public UnsupportedFeatureException(string message)
        : base(message)
    {
    }

    public UnsupportedFeatureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string Feature { get; init; } = string.Empty;

    /// <summary>True when only writes are refused; reading the table works.</summary>
    public bool IsWrite { get; init; }

    public static UnsupportedFeatureException For(string feature, string detail) =>
        new($"Unsupported Delta feature '{feature}': {detail} This engine cannot read the table correctly; " +
            $"read it with a Delta reader that supports '{feature}', or rewrite the table without it.")
        {
            Feature = feature,
        };

    public static UnsupportedFeatureException ForWrite(string feature, string table, string detail) =>
        new($"Unsupported Delta writer feature '{feature}' on table '{table}': {detail} Writes are refused so the table's rules are " +
            $"not broken; reading it works. Write it with an engine that supports '{feature}' (e.g. Spark with Delta Lake), or remove the " +
            "feature from the table first.")
        {
            Feature = feature,
            IsWrite = true,
        };
}
