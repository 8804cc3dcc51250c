namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>The facts (claim, encounter or feedback ids) that reference one dimension entity.</summary>
[GenerateSerializer, Immutable]
public sealed record FactReferences([property: Id(0)] string DimensionId, [property: Id(1)] IReadOnlyList<string> FactIds);
