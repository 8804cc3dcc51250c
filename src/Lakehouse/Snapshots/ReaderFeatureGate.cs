using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Lakehouse.Snapshots;

/// <summary>
/// Refuses tables that need reader support we do not have. Reading such a table anyway would return wrong rows
/// (deleted rows resurrected, columns misnamed), which is worse than an error.
/// </summary>
public static class ReaderFeatureGate
{
    /// <summary>Reader features whose only reader obligation we meet (none changes how rows are read).</summary>
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "vacuumProtocolCheck" };

    private static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["deletionVectors"] = "the table marks deleted rows in deletion vectors, which this engine does not apply.",
        ["columnMapping"] = "the table maps logical column names to physical ones, which this engine does not resolve.",
        ["v2Checkpoint"] = "the table's checkpoints use the v2 (sidecar) format, which this engine does not read.",
        ["timestampNtz"] = "the table has timestamp_ntz columns, which this engine does not read.",
        ["typeWidening"] = "the table widened column types in place, which this engine does not reconcile.",
        ["typeWidening-preview"] = "the table widened column types in place, which this engine does not reconcile.",
        ["variantType"] = "the table has variant columns, which this engine does not read.",
        ["variantType-preview"] = "the table has variant columns, which this engine does not read.",
    };

    /// <summary>Throws <see cref="UnsupportedFeatureException"/> naming the first feature we cannot honour.</summary>
    public static void EnsureReadable(ProtocolAction protocol, MetadataAction? metadata)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.MinReaderVersion > 3)
        {
            throw UnsupportedFeatureException.For(
                $"readerVersion{protocol.MinReaderVersion}", $"the table needs Delta reader version {protocol.MinReaderVersion}; this engine reads up to 3.");
        }

        if (protocol.MinReaderVersion == 3)
        {
            foreach (var feature in protocol.ReaderFeatures ?? [])
            {
                if (!Supported.Contains(feature))
                {
                    throw UnsupportedFeatureException.For(
                        feature, Explanations.GetValueOrDefault(feature) ?? "this reader feature is unknown to this engine.");
                }
            }
        }

        // Legacy reader version 2 means column mapping (there were no feature lists then); mode "none" is harmless.
        var mode = metadata?.Configuration.GetValueOrDefault("delta.columnMapping.mode");
        if (protocol.MinReaderVersion >= 2 && mode is not null && !string.Equals(mode, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw UnsupportedFeatureException.For("columnMapping", $"the table uses column mapping mode '{mode}'; " + Explanations["columnMapping"]);
        }
    }
}
