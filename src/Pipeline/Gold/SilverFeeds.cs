namespace Kardiaflow.Pipeline.Gold;

/// <summary>The Silver tables whose change feeds Gold follows (paths relative to the lake root).</summary>
public static class SilverFeeds
{
    public const string Claims = "silver/silver_claims";
    public const string ClaimsEnriched = "silver/silver_claims_enriched";
    public const string EncountersEnriched = "silver/silver_encounters_enriched";
    public const string FeedbackEnriched = "silver/silver_feedback_enriched";

    public static IReadOnlyList<string> All { get; } = [Claims, ClaimsEnriched, EncountersEnriched, FeedbackEnriched];
}
