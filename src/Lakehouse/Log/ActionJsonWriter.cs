using System.Text.Json;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// Writes actions with the field names and shapes of the Delta protocol. Optional fields are omitted when null, except
/// partition values, whose null is meaningful (a null partition).
/// </summary>
internal static class ActionJsonWriter
{
    public static void Write(Utf8JsonWriter w, DeltaAction action)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(action);
        w.WriteStartObject();
        switch (action)
        {
            case AddFileAction a:
                w.WriteStartObject("add");
                w.WriteString("path", a.Path);
                WritePartitionValues(w, a.PartitionValues);
                w.WriteNumber("size", a.Size);
                w.WriteNumber("modificationTime", a.ModificationTime);
                w.WriteBoolean("dataChange", a.DataChange);
                if (a.Stats is not null)
                {
                    w.WriteString("stats", a.Stats);
                }

                WriteStringMap(w, "tags", a.Tags);
                WriteDeletionVector(w, a.DeletionVector);
                w.WriteEndObject();
                break;
            case RemoveFileAction r:
                w.WriteStartObject("remove");
                w.WriteString("path", r.Path);
                if (r.DeletionTimestamp is { } ts)
                {
                    w.WriteNumber("deletionTimestamp", ts);
                }

                w.WriteBoolean("dataChange", r.DataChange);
                if (r.ExtendedFileMetadata is { } ext)
                {
                    w.WriteBoolean("extendedFileMetadata", ext);
                }

                if (r.PartitionValues is not null)
                {
                    WritePartitionValues(w, r.PartitionValues);
                }

                if (r.Size is { } size)
                {
                    w.WriteNumber("size", size);
                }

                WriteDeletionVector(w, r.DeletionVector);
                w.WriteEndObject();
                break;
            case CdcFileAction c:
                w.WriteStartObject("cdc");
                w.WriteString("path", c.Path);
                WritePartitionValues(w, c.PartitionValues);
                w.WriteNumber("size", c.Size);
                w.WriteBoolean("dataChange", c.DataChange);
                WriteStringMap(w, "tags", c.Tags);
                w.WriteEndObject();
                break;
            case MetadataAction m:
                WriteMetadata(w, m);
                break;
            case ProtocolAction p:
                w.WriteStartObject("protocol");
                w.WriteNumber("minReaderVersion", p.MinReaderVersion);
                w.WriteNumber("minWriterVersion", p.MinWriterVersion);
                WriteStringList(w, "readerFeatures", p.ReaderFeatures);
                WriteStringList(w, "writerFeatures", p.WriterFeatures);
                w.WriteEndObject();
                break;
            case TxnAction t:
                w.WriteStartObject("txn");
                w.WriteString("appId", t.AppId);
                w.WriteNumber("version", t.Version);
                if (t.LastUpdated is { } lu)
                {
                    w.WriteNumber("lastUpdated", lu);
                }

                w.WriteEndObject();
                break;
            case CommitInfoAction ci:
                WriteCommitInfo(w, ci);
                break;
            default:
                throw new ArgumentException($"Cannot serialize action type {action.GetType().Name}.", nameof(action));
        }

        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w, MetadataAction m)
    {
        w.WriteStartObject("metaData");
        w.WriteString("id", m.Id);
        if (m.Name is not null)
        {
            w.WriteString("name", m.Name);
        }

        if (m.Description is not null)
        {
            w.WriteString("description", m.Description);
        }

        w.WriteStartObject("format");
        w.WriteString("provider", m.Format);
        w.WriteStartObject("options");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("schemaString", m.SchemaString);
        WriteStringList(w, "partitionColumns", m.PartitionColumns);
        WriteStringMap(w, "configuration", m.Configuration, always: true);
        if (m.CreatedTime is { } created)
        {
            w.WriteNumber("createdTime", created);
        }

        w.WriteEndObject();
    }

    private static void WriteCommitInfo(Utf8JsonWriter w, CommitInfoAction ci)
    {
        w.WriteStartObject("commitInfo");
        if (ci.Timestamp is { } ts)
        {
            w.WriteNumber("timestamp", ts);
        }

        if (ci.InCommitTimestamp is { } ict)
        {
            w.WriteNumber("inCommitTimestamp", ict);
        }

        if (ci.Operation is not null)
        {
            w.WriteString("operation", ci.Operation);
        }

        WriteStringMap(w, "operationParameters", ci.OperationParameters);
        WriteStringMap(w, "operationMetrics", ci.OperationMetrics);
        if (ci.ReadVersion is { } rv)
        {
            w.WriteNumber("readVersion", rv);
        }

        if (ci.IsBlindAppend is { } blind)
        {
            w.WriteBoolean("isBlindAppend", blind);
        }

        if (ci.EngineInfo is not null)
        {
            w.WriteString("engineInfo", ci.EngineInfo);
        }

        if (ci.Other is not null)
        {
            foreach (var (key, value) in ci.Other)
            {
                w.WritePropertyName(key);
                if (value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    value.WriteTo(w);
                }
            }
        }

        w.WriteEndObject();
    }

    private static void WritePartitionValues(Utf8JsonWriter w, IReadOnlyDictionary<string, string?> values)
    {
        w.WriteStartObject("partitionValues");
        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                w.WriteNull(key);
            }
            else
            {
                w.WriteString(key, value);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteStringMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? map, bool always = false)
    {
        if (map is null && !always)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in map ?? new Dictionary<string, string>())
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static void WriteStringList(Utf8JsonWriter w, string name, IReadOnlyList<string>? list)
    {
        if (list is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in list)
        {
            w.WriteStringValue(item);
        }

        w.WriteEndArray();
    }

    private static void WriteDeletionVector(Utf8JsonWriter w, DeletionVectorDescriptor? dv)
    {
        if (dv is null)
        {
            return;
        }

        w.WriteStartObject("deletionVector");
        w.WriteString("storageType", dv.StorageType);
        w.WriteString("pathOrInlineDv", dv.PathOrInlineDv);
        if (dv.Offset is { } offset)
        {
            w.WriteNumber("offset", offset);
        }

        w.WriteNumber("sizeInBytes", dv.SizeInBytes);
        w.WriteNumber("cardinality", dv.Cardinality);
        w.WriteEndObject();
    }
}
