using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Transactions;

/// <summary>
/// Refuses writes to tables whose writer obligations this engine does not meet, so a table another engine created
/// (Spark, Databricks, delta-rs) is never written in a way that breaks its rules. Reads are not gated here
/// (<see cref="Snapshots.ReaderFeatureGate"/> judges those). What is honoured: <c>appendOnly</c> (appends pass,
/// anything that removes rows is refused with <see cref="AppendOnlyTableException"/>) and <c>changeDataFeed</c>
/// (written); column invariants (<c>delta.invariants</c>), CHECK constraints (<c>delta.constraints.*</c>), generated
/// and identity columns and every writer feature not listed as honoured are refused with
/// <see cref="UnsupportedFeatureException"/> naming the feature and the table: this engine evaluates no SQL expression,
/// and writing without checking one would let rows in that the table forbids.
/// </summary>
internal static class WriterFeatureGate
{
    public const string AppendOnlyKey = "delta.appendOnly";

    private const string ConstraintPrefix = "delta.constraints.";

    /// <summary>The highest legacy writer version; 7 is table features, where every feature is named.</summary>
    private const int TableFeaturesWriterVersion = 7;

    /// <summary>Writer features whose obligations this engine meets (the three usage-gated ones are checked by use below).</summary>
    private static readonly HashSet<string> Honoured = new(StringComparer.Ordinal)
    {
        "appendOnly", "changeDataFeed", "vacuumProtocolCheck", "invariants", "checkConstraints",
    };

    private static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["generatedColumns"] = "the table has generated columns, whose values this engine does not compute.",
        ["identityColumns"] = "the table has identity columns, whose values this engine does not assign.",
        ["columnMapping"] = "the table maps logical column names to physical ones, which this engine does not write.",
        ["deletionVectors"] = "the table marks deleted rows in deletion vectors, which this engine does not write or keep.",
        ["rowTracking"] = "the table tracks row ids and commit versions, which this engine does not assign.",
        ["domainMetadata"] = "the table keeps domain metadata, which this engine does not preserve.",
        ["clustering"] = "the table is liquid-clustered, which this engine does not maintain.",
        ["inCommitTimestamp"] = "the table needs in-commit timestamps, which this engine does not write.",
        ["timestampNtz"] = "the table has timestamp_ntz columns, which this engine does not write.",
        ["typeWidening"] = "the table widened column types in place, which this engine does not reconcile.",
        ["v2Checkpoint"] = "the table's checkpoints use the v2 (sidecar) format, which this engine does not write.",
        ["icebergCompatV1"] = "the table keeps Iceberg compatibility, which this engine does not maintain.",
        ["icebergCompatV2"] = "the table keeps Iceberg compatibility, which this engine does not maintain.",
        ["allowColumnDefaults"] = "the table has column defaults, which this engine does not apply.",
        ["variantType"] = "the table has variant columns, which this engine does not write.",
    };

    public static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(AppendOnlyKey, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws when the table needs a writer feature this engine does not honour (whatever the write).</summary>
    public static void EnsureWritable(string tablePath, ProtocolAction protocol, MetadataAction metadata)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(metadata);
        if (protocol.MinWriterVersion > TableFeaturesWriterVersion)
        {
            throw UnsupportedFeatureException.ForWrite(
                $"writerVersion{protocol.MinWriterVersion}", tablePath, $"the table needs Delta writer version {protocol.MinWriterVersion}; this engine writes up to {TableFeaturesWriterVersion}.");
        }

        if (protocol.MinWriterVersion == TableFeaturesWriterVersion)
        {
            foreach (var feature in protocol.WriterFeatures ?? [])
            {
                if (!Honoured.Contains(feature))
                {
                    throw UnsupportedFeatureException.ForWrite(feature, tablePath, Explanations.GetValueOrDefault(feature) ?? "this writer feature is unknown to this engine.");
                }
            }
        }

        // Legacy writer versions imply their features; they bind only when used, so each is judged by its use.
        foreach (var (path, field) in Fields(metadata.Schema, prefix: string.Empty))
        {
            if (field.Metadata is not { } fieldMetadata)
            {
                continue;
            }

            if (fieldMetadata.ContainsKey("delta.invariants"))
            {
                throw UnsupportedFeatureException.ForWrite(
                    "invariants", tablePath, $"column '{path}' has an invariant (delta.invariants), an SQL expression this engine does not evaluate.");
            }

            if (fieldMetadata.ContainsKey("delta.generationExpression"))
            {
                throw UnsupportedFeatureException.ForWrite("generatedColumns", tablePath, $"column '{path}' is generated; " + Explanations["generatedColumns"]);
            }

            if (fieldMetadata.Keys.Any(k => k.StartsWith("delta.identity.", StringComparison.Ordinal)))
            {
                throw UnsupportedFeatureException.ForWrite("identityColumns", tablePath, $"column '{path}' is an identity column; " + Explanations["identityColumns"]);
            }
        }

        var constraint = metadata.Configuration.Keys.Where(k => k.StartsWith(ConstraintPrefix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (constraint is not null)
        {
            throw UnsupportedFeatureException.ForWrite(
                "checkConstraints", tablePath, $"the table has the CHECK constraint '{constraint[ConstraintPrefix.Length..]}' ({constraint}), an SQL expression this engine does not evaluate.");
        }

        var mode = metadata.Configuration.GetValueOrDefault("delta.columnMapping.mode");
        if (mode is not null && !string.Equals(mode, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw UnsupportedFeatureException.ForWrite("columnMapping", tablePath, $"the table uses column mapping mode '{mode}'; " + Explanations["columnMapping"]);
        }
    }

    /// <summary>Throws <see cref="AppendOnlyTableException"/> when an append-only table would lose rows.</summary>
    public static void EnsureRemovable(string tablePath, MetadataAction metadata, string operation, int removedFiles)
    {
        if (IsAppendOnly(metadata))
        {
            throw AppendOnlyTableException.For(tablePath, operation, removedFiles);
        }
    }

    /// <summary>The whole commit: features, then (appendOnly) any remove that takes rows out.</summary>
    public static void EnsureCommittable(string tablePath, ProtocolAction protocol, MetadataAction metadata, PendingCommit request)
    {
        EnsureWritable(tablePath, protocol, metadata);
        var removes = request.Actions.OfType<RemoveFileAction>().Count(r => r.DataChange);
        if (removes > 0)
        {
            EnsureRemovable(tablePath, metadata, request.Operation, removes);
        }
    }

    private static IEnumerable<(string Path, StructField Field)> Fields(StructType schema, string prefix)
    {
        foreach (var field in schema.Fields)
        {
            var path = prefix + field.Name;
            yield return (path, field);
            var nested = field.Type switch
            {
                StructType s => s,
                ArrayType { ElementType: StructType s } => s,
                MapType { ValueType: StructType s } => s,
                _ => null,
            };
            if (nested is not null)
            {
                foreach (var inner in Fields(nested, path + "."))
                {
                    yield return inner;
                }
            }
        }
    }
}
