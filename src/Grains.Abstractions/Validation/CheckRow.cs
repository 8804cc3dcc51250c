namespace Kardiaflow.Grains.Abstractions.Validation;

/// <summary>One check result (a row of validation/smoke_results without its run_ts).</summary>
[GenerateSerializer, Immutable]
public sealed record CheckRow(
    [property: Id(0)] string Layer,
    [property: Id(1)] string TableName,
    [property: Id(2)] string Metric,
    [property: Id(3)] string? Value,
    [property: Id(4)] string Status,
    [property: Id(5)] string? Message);
