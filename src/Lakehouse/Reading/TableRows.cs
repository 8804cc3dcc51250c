using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>A stream of rows (object?[] aligned with <see cref="Schema"/>) produced without holding the table in memory.</summary>
public sealed record TableRows(StructType Schema, IAsyncEnumerable<object?[]> Rows);
