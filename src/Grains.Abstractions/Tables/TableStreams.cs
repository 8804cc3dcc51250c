namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>Names of the Orleans stream on which table versions are announced. The stream key is the table path
/// relative to the lake (for example <c>bronze/bronze_patients</c>).</summary>
public static class TableStreams
{
    /// <summary>The stream provider the silos register.</summary>
    public const string ProviderName = "kardiaflow";

    /// <summary>The stream namespace of version announcements.</summary>
    public const string VersionsNamespace = "table-versions";
}
