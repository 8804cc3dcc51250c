namespace Kardiaflow.Lakehouse.Schema;

/// <summary>A named column; <paramref name="Metadata"/> holds the field's metadata as raw JSON values.</summary>
public sealed record StructField(string Name, DeltaType Type, bool Nullable = true, IReadOnlyDictionary<string, string>? Metadata = null);
