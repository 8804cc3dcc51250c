using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Operations;

/// <summary>The protocol and metadata actions of a new table, validated before anything is written.</summary>
internal static class CreateTableOperation
{
    public const string ChangeDataFeedKey = "delta.enableChangeDataFeed";

    public static (ProtocolAction Protocol, MetadataAction Metadata) Build(
        StructType schema, IReadOnlyList<string> partitionColumns, IReadOnlyDictionary<string, string> configuration)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(partitionColumns);
        ArgumentNullException.ThrowIfNull(configuration);
        if (schema.Fields.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(schema));
        }

        var duplicate = schema.Fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Column '{duplicate.Key}' appears more than once (Delta column names are case-insensitive).", nameof(schema));
        }

        foreach (var column in partitionColumns)
        {
            var index = schema.IndexOf(column);
            if (index < 0)
            {
                throw new ArgumentException($"Partition column '{column}' is not in the schema.", nameof(partitionColumns));
            }

            if (schema.Fields[index].Type is not (PrimitiveType or DecimalType))
            {
                throw new ArgumentException($"Partition column '{column}' has type '{schema.Fields[index].Type.TypeName}'; only primitive columns can partition a table.", nameof(partitionColumns));
            }
        }

        if (partitionColumns.Count == schema.Fields.Count)
        {
            throw new ArgumentException("Every column is a partition column; a table needs at least one data column.", nameof(partitionColumns));
        }

        var cdf = configuration.TryGetValue(ChangeDataFeedKey, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

        // Writer version 4 is the lowest that knows change data feed; without it, 2 is what every reader accepts.
        var protocol = new ProtocolAction(1, cdf ? 4 : 2);
        var metadata = new MetadataAction(
            Guid.NewGuid().ToString("D"),
            Name: null,
            Description: null,
            Format: "parquet",
            SchemaString: SchemaJson.Serialize(schema),
            Schema: schema,
            PartitionColumns: partitionColumns.ToArray(),
            Configuration: new Dictionary<string, string>(configuration, StringComparer.Ordinal),
            CreatedTime: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (protocol, metadata);
    }
}
