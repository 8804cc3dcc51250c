using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>Reads action objects as the Delta protocol spells them. Missing required fields raise <see cref="FormatException"/>.</summary>
internal static class ActionJsonReader
{
    private static readonly IReadOnlyDictionary<string, string> EmptyConfiguration = new Dictionary<string, string>();

    public static DeltaAction? Read(JsonElement wrapper)
    {
        foreach (var property in wrapper.EnumerateObject())
        {
            var body = property.Value;
            if (body.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "add": return ReadAdd(body);
                case "remove": return ReadRemove(body);
                case "cdc": return ReadCdc(body);
                case "metaData": return ReadMetadata(body);
                case "protocol": return ReadProtocol(body);
                case "txn": return new TxnAction(String(body, "appId"), Long(body, "version"), OptionalLong(body, "lastUpdated"));
                case "commitInfo": return ReadCommitInfo(body);
                default: continue;
            }
        }

        return null;
    }

    private static AddFileAction ReadAdd(JsonElement e) => new(
        String(e, "path"),
        PartitionValues(e, "partitionValues") ?? throw Missing("add", "partitionValues"),
        Long(e, "size"),
        Long(e, "modificationTime"),
        Bool(e, "dataChange"),
        OptionalString(e, "stats"),
        StringMap(e, "tags"),
        DeletionVector(e));

    private static RemoveFileAction ReadRemove(JsonElement e) => new(
        String(e, "path"),
        OptionalLong(e, "deletionTimestamp"),
        OptionalBool(e, "dataChange") ?? true,
        OptionalBool(e, "extendedFileMetadata"),
        PartitionValues(e, "partitionValues"),
        OptionalLong(e, "size"),
        DeletionVector(e));

    private static CdcFileAction ReadCdc(JsonElement e) => new(
        String(e, "path"),
        PartitionValues(e, "partitionValues") ?? new Dictionary<string, string?>(),
        Long(e, "size"),
        OptionalBool(e, "dataChange") ?? false,
        StringMap(e, "tags"));

    private static ProtocolAction ReadProtocol(JsonElement e) => new(
        (int)Long(e, "minReaderVersion"),
        (int)Long(e, "minWriterVersion"),
        StringList(e, "readerFeatures"),
        StringList(e, "writerFeatures"));

    private static MetadataAction ReadMetadata(JsonElement e)
    {
        var schemaString = String(e, "schemaString");
        var schema = SchemaJson.Parse(schemaString);
        var format = e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Object
            ? OptionalString(f, "provider") ?? "parquet"
            : "parquet";
        return new MetadataAction(
            String(e, "id"),
            OptionalString(e, "name"),
            OptionalString(e, "description"),
            format,
            schemaString,
            schema,
            StringList(e, "partitionColumns") ?? [],
            StringMap(e, "configuration") ?? EmptyConfiguration,
            OptionalLong(e, "createdTime"));
    }

    private static readonly HashSet<string> TypedCommitInfoFields =
    [
        "timestamp", "operation", "operationParameters", "operationMetrics", "engineInfo", "readVersion", "isBlindAppend",
        "inCommitTimestamp",
    ];

    private static CommitInfoAction ReadCommitInfo(JsonElement e)
    {
        JsonObject? other = null;
        foreach (var p in e.EnumerateObject())
        {
            if (!TypedCommitInfoFields.Contains(p.Name))
            {
                other ??= [];
                other[p.Name] = JsonNode.Parse(p.Value.GetRawText());
            }
        }

        return new CommitInfoAction(
            OptionalLong(e, "timestamp"),
            OptionalString(e, "operation"),
            StringMap(e, "operationParameters"),
            StringMap(e, "operationMetrics"),
            OptionalString(e, "engineInfo"),
            OptionalLong(e, "readVersion"),
            OptionalBool(e, "isBlindAppend"),
            OptionalLong(e, "inCommitTimestamp"),
            other);
    }

    private static DeletionVectorDescriptor? DeletionVector(JsonElement e)
    {
        if (!e.TryGetProperty("deletionVector", out var dv) || dv.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new DeletionVectorDescriptor(
            String(dv, "storageType"),
            String(dv, "pathOrInlineDv"),
            OptionalLong(dv, "offset") is { } o ? (int)o : null,
            (int)Long(dv, "sizeInBytes"),
            Long(dv, "cardinality"));
    }

    private static Dictionary<string, string?>? PartitionValues(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                _ => p.Value.GetRawText(),
            };
        }

        return result;
    }

    /// <summary>String maps whose values some writers emit as JSON numbers or objects: those keep their raw JSON text.</summary>
    private static Dictionary<string, string>? StringMap(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Null)
            {
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        return result;
    }

    private static List<string>? StringList(JsonElement e, string name) =>
        e.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList()
            : null;

    private static string String(JsonElement e, string name) =>
        OptionalString(e, name) ?? throw Missing(null, name);

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null;

    private static long Long(JsonElement e, string name) =>
        OptionalLong(e, name) ?? throw Missing(null, name);

    private static long? OptionalLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Some writers quote numbers; accept both rather than reject a readable log.
        return v.ValueKind == JsonValueKind.String
            ? long.Parse(v.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : v.GetInt64();
    }

    private static bool Bool(JsonElement e, string name) => OptionalBool(e, name) ?? throw Missing(null, name);

    private static bool? OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static FormatException Missing(string? action, string field) =>
        new($"{(action is null ? "an action" : $"the '{action}' action")} has no '{field}' field");
}
