using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Grains.Tables;

/// <summary>The schema and table properties a table is created with (no partition columns).</summary>
public sealed record TableDefinition(StructType Schema, IReadOnlyDictionary<string, string> Configuration);
