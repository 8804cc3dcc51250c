using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Log;

/// <summary>The <c>metaData</c> action. <see cref="SchemaString"/> is kept verbatim; <see cref="Schema"/> is its parsed form.</summary>
public sealed record MetadataAction(
    string Id,
    string? Name,
    string? Description,
    string Format,
    string SchemaString,
    StructType Schema,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime) : DeltaAction;
