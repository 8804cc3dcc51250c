namespace Kardiaflow.Lakehouse;

/// <summary>The requested table version (or timestamp) is not reconstructable from the log that is left.</summary>
public sealed class VersionNotFoundException : DeltaLakeException
{
    public VersionNotFoundException()
    {
    }

    public VersionNotFoundException(string message)
        : base(message)
    {
    }

    public VersionNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public long? RequestedVersion { get; init; }

    public static VersionNotFoundException For(long requested, long earliest, long latest) =>
        new($"Table version {requested} cannot be read: the log holds versions {earliest} to {latest}. " +
            "Ask for a version in that range (older commits were cleaned up by log retention).")
        {
            RequestedVersion = requested,
        };
}
