namespace Kardiaflow.Grains.Abstractions.Validation;

/// <summary>One run of the data-quality checks: its shared run_ts and the results in check order.</summary>
[GenerateSerializer, Immutable]
public sealed record ValidationRun(
    [property: Id(0)] DateTime RunTs,
    [property: Id(1)] IReadOnlyList<CheckRow> Results)
{
    /// <summary>True when no check is FAIL or ERROR.</summary>
    public bool Passed => Results.All(r => r.Status == "PASS");
}
