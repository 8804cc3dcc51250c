namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>The Silver feed grain keys: one per Bronze table.</summary>
public static class SilverFeeds
{
    public static IReadOnlyList<string> BronzeTables { get; } =
        ["bronze/bronze_patients", "bronze/bronze_providers", "bronze/bronze_encounters", "bronze/bronze_claims", "bronze/bronze_feedback"];
}
