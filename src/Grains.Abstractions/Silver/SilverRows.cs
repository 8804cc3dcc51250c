namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>Silver rows (PHI already removed), each an array aligned with its table's schema.</summary>
[GenerateSerializer, Immutable]
public sealed record SilverRows([property: Id(0)] IReadOnlyList<object?[]> Rows);
