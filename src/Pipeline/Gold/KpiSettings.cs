namespace Kardiaflow.Pipeline.Gold;

/// <summary>The tunable thresholds of docs/data-contract.md (Gold) (defaults as the spec states them).</summary>
public sealed record KpiSettings(int RapidFireThreshold = 5, int OutlierMinClaims = 30, int OutlierStdDevs = 3, int HighCostMinClaims = 3, int HighCostTop = 10)
{
    public static KpiSettings Default { get; } = new();
}
