namespace Kardiaflow.Lakehouse;

/// <summary>The table needs a Delta feature this engine does not implement; <see cref="Feature"/> names it.</summary>
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

    public static UnsupportedFeatureException For(string feature, string detail) =>
        new($"Unsupported Delta feature '{feature}': {detail} This engine cannot read the table correctly; " +
            $"read it with a Delta reader that supports '{feature}', or rewrite the table without it.")
        {
            Feature = feature,
        };
}
