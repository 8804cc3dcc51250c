using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Parquet;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Lakehouse.Checkpoints;

/// <summary>
/// Reads the actions of a classic checkpoint. Only the fields replay needs are projected, so checkpoints written with
/// <c>stats_parsed</c> only (or with extra columns) read the same. Removes are read too: reading rows does not need
/// these tombstones, but vacuum and the next checkpoint do.
/// </summary>
internal static class CheckpointReader
{
    private static readonly PrimitiveType S = PrimitiveType.String;
    private static readonly PrimitiveType L = PrimitiveType.Long;
    private static readonly MapType StringMapType = new(S, S, true);

    private static readonly StructType DeletionVectorType = new(
    [
        new("storageType", S), new("pathOrInlineDv", S), new("offset", L), new("sizeInBytes", L), new("cardinality", L),
    ]);

    private static readonly StructType Projection = new(
    [
        new("txn", new StructType([new("appId", S), new("version", L), new("lastUpdated", L)])),
        new("add", new StructType(
        [
            new("path", S), new("partitionValues", StringMapType), new("size", L), new("modificationTime", L),
            new("dataChange", PrimitiveType.Boolean), new("stats", S), new("tags", StringMapType),
            new("deletionVector", DeletionVectorType),
        ])),
        new("metaData", new StructType(
        [
            new("id", S), new("name", S), new("description", S), new("format", new StructType([new("provider", S)])),
            new("schemaString", S), new("partitionColumns", new ArrayType(S, true)), new("configuration", StringMapType),
            new("createdTime", L),
        ])),
        new("protocol", new StructType(
        [
            new("minReaderVersion", L), new("minWriterVersion", L), new("readerFeatures", new ArrayType(S, true)),
            new("writerFeatures", new ArrayType(S, true)),
        ])),
        new("remove", new StructType(
        [
            new("path", S), new("deletionTimestamp", L), new("dataChange", PrimitiveType.Boolean), new("extendedFileMetadata", PrimitiveType.Boolean),
            new("partitionValues", StringMapType), new("size", L), new("deletionVector", DeletionVectorType),
        ])),
    ]);

    public static async Task ReadAsync(ILakeStorage storage, CheckpointFiles checkpoint, Action<DeltaAction> apply, CancellationToken cancellationToken)
    {
        foreach (var part in checkpoint.Parts)
        {
            try
            {
                var stream = await storage.OpenReadAsync(part.Path, cancellationToken).ConfigureAwait(false);
                var reader = await ParquetFileReader.CreateAsync(stream, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    for (var g = 0; g < reader.RowGroupCount; g++)
                    {
                        foreach (var row in await reader.ReadRowGroupAsync(g, Projection, cancellationToken).ConfigureAwait(false))
                        {
                            if (ToAction(row) is { } action)
                            {
                                apply(action);
                            }
                        }
                    }
                }
            }
            catch (DeltaLakeException e) when (e is not UnsupportedFeatureException and not CorruptLogException)
            {
                throw CorruptLogException.At(part.Path, null, e.Message, e);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or IOException and not FileNotFoundException)
            {
                throw CorruptLogException.At(part.Path, null, $"unreadable checkpoint ({e.Message})", e);
            }
        }
    }

    private static DeltaAction? ToAction(object?[] row)
    {
        if (row[1] is object?[] add)
        {
            return new AddFileAction(
                Str(add[0], "add.path"),
                PartitionValues(add[1]),
                Long(add[2], "add.size"),
                Long(add[3], "add.modificationTime"),
                add[4] as bool? ?? false,
                add[5] as string,
                StringMap(add[6]),
                DeletionVector(add[7]));
        }

        if (row[4] is object?[] remove)
        {
            return new RemoveFileAction(
                Str(remove[0], "remove.path"),
                remove[1] as long?,
                remove[2] as bool? ?? false,
                remove[3] as bool?,
                remove[4] is null ? null : PartitionValues(remove[4]),
                remove[5] as long?,
                DeletionVector(remove[6]));
        }

        if (row[0] is object?[] txn)
        {
            return new TxnAction(Str(txn[0], "txn.appId"), Long(txn[1], "txn.version"), txn[2] as long?);
        }

        if (row[2] is object?[] md)
        {
            var schemaString = Str(md[4], "metaData.schemaString");
            return new MetadataAction(
                Str(md[0], "metaData.id"),
                md[1] as string,
                md[2] as string,
                (md[3] as object?[])?[0] as string ?? "parquet",
                schemaString,
                SchemaJson.Parse(schemaString),
                (md[5] as IReadOnlyList<object?>)?.Select(x => (string)x!).ToList() ?? [],
                StringMap(md[6]) ?? new Dictionary<string, string>(),
                md[7] as long?);
        }

        if (row[3] is object?[] p)
        {
            return new ProtocolAction(
                (int)Long(p[0], "protocol.minReaderVersion"),
                (int)Long(p[1], "protocol.minWriterVersion"),
                (p[2] as IReadOnlyList<object?>)?.Select(x => (string)x!).ToList(),
                (p[3] as IReadOnlyList<object?>)?.Select(x => (string)x!).ToList());
        }

        return null;
    }

    private static DeletionVectorDescriptor? DeletionVector(object? value) => value is object?[] dv
        ? new DeletionVectorDescriptor(Str(dv[0], "storageType"), Str(dv[1], "pathOrInlineDv"), dv[2] is long o ? (int)o : null, (int)Long(dv[3], "sizeInBytes"), Long(dv[4], "cardinality"))
        : null;

    private static string Str(object? value, string field) => value as string ?? throw new FormatException($"'{field}' is null");

    private static long Long(object? value, string field) => value as long? ?? throw new FormatException($"'{field}' is null");

    private static Dictionary<string, string?> PartitionValues(object? value)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (value is IReadOnlyDictionary<object, object?> map)
        {
            foreach (var (k, v) in map)
            {
                result[(string)k] = v as string;
            }
        }

        return result;
    }

    private static Dictionary<string, string>? StringMap(object? value)
    {
        if (value is not IReadOnlyDictionary<object, object?> map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            if (v is string s)
            {
                result[(string)k] = s;
            }
        }

        return result;
    }
}
