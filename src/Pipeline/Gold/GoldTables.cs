using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// The eleven Gold tables of docs/data-contract.md (Gold) with their column names and types. Columns are declared nullable, as Spark
/// writes aggregates: the not-null guarantees are data-quality checks (docs/data-contract.md (Checks)), not schema constraints.
/// </summary>
public static class GoldTables
{
    public static readonly GoldTable PatientLifecycle = new(
        "gold_patient_lifecycle",
        Schema(("patient_id", PrimitiveType.String, true), ("first_visit_ts", PrimitiveType.Timestamp, true),
            ("last_visit_ts", PrimitiveType.Timestamp, true), ("lifetime_days", PrimitiveType.Integer, true),
            ("visit_count", PrimitiveType.Long, true), ("classification", PrimitiveType.String, true),
            ("avg_days_between_visits", PrimitiveType.Double, true), ("days_since_last_visit", PrimitiveType.Integer, true)),
        ["patient_id"]);

    public static readonly GoldTable ClaimApprovalBySpecialty = new(
        "gold_claim_approval_by_specialty",
        Schema(("provider_specialty", PrimitiveType.String, true), ("total_claims", PrimitiveType.Long, true),
            ("approved_count", PrimitiveType.Long, true), ("approval_rate", PrimitiveType.Double, true)),
        ["provider_specialty"]);

    public static readonly GoldTable ClaimDenialBreakdown = new(
        "gold_claim_denial_breakdown",
        Schema(("provider_specialty", PrimitiveType.String, true), ("diagnosis_code", PrimitiveType.String, true),
            ("denial_count", PrimitiveType.Long, true), ("denial_pct", PrimitiveType.Double, true)),
        ["provider_specialty", "diagnosis_code"]);

    public static readonly GoldTable HighCostProcedures = new(
        "gold_high_cost_procedures",
        Schema(("procedure_code", PrimitiveType.String, true), ("avg_claim_amount", PrimitiveType.Double, true),
            ("procedure_count", PrimitiveType.Long, true)),
        ["procedure_code"]);

    public static readonly GoldTable RapidFireClaims = new(
        "gold_rapid_fire_claims",
        Schema(("patient_id", PrimitiveType.String, true), ("claim_day", PrimitiveType.Date, true), ("daily_count", PrimitiveType.Long, true)),
        ["patient_id", "claim_day"]);

    public static readonly GoldTable ClaimAmountOutliers = new(
        "gold_claim_amount_outliers",
        Schema(("claim_id", PrimitiveType.String, true), ("procedure_code", PrimitiveType.String, true),
            ("claim_amount", PrimitiveType.Double, true), ("procedure_mean", PrimitiveType.Double, true),
            ("procedure_stddev", PrimitiveType.Double, true), ("z_score", PrimitiveType.Double, true)),
        ["claim_id"]);

    public static readonly GoldTable ProviderDailySpend = new(
        "gold_provider_daily_spend",
        Schema(("provider_id", PrimitiveType.String, true), ("spend_date", PrimitiveType.Date, true), ("daily_spend", PrimitiveType.Double, true)),
        ["provider_id", "spend_date"]);

    public static readonly GoldTable Provider7dSpend = new(
        "gold_provider_7d_spend",
        Schema(("provider_id", PrimitiveType.String, true), ("spend_date", PrimitiveType.Date, true), ("daily_spend", PrimitiveType.Double, true),
            ("rolling_7d_spend", PrimitiveType.Double, true), ("rolling_7d_avg", PrimitiveType.Double, true)),
        ["provider_id", "spend_date"]);

    public static readonly GoldTable FeedbackSatisfaction = new(
        "gold_feedback_satisfaction",
        Schema(("provider_specialty", PrimitiveType.String, true), ("provider_id", PrimitiveType.String, true),
            ("source", PrimitiveType.String, true), ("feedback_count", PrimitiveType.Long, true), ("avg_score", PrimitiveType.Double, true)),
        ["provider_specialty", "provider_id", "source"]);

    public static readonly GoldTable FeedbackTagAnalysis = new(
        "gold_feedback_tag_analysis",
        Schema(("tag", PrimitiveType.String, true), ("feedback_count", PrimitiveType.Long, true), ("avg_score", PrimitiveType.Double, true)),
        ["tag"]);

    public static readonly GoldTable FeedbackEncounterMatch = new(
        "gold_feedback_encounter_match",
        Schema(("total_feedback_submissions", PrimitiveType.Long, true), ("with_visit_id_count", PrimitiveType.Long, true),
            ("matched_to_encounter_count", PrimitiveType.Long, true), ("match_rate_percent", PrimitiveType.Double, true)),
        []);

    public static IReadOnlyList<GoldTable> All { get; } =
    [
        PatientLifecycle, ClaimApprovalBySpecialty, ClaimDenialBreakdown, HighCostProcedures, RapidFireClaims, ClaimAmountOutliers,
        ProviderDailySpend, Provider7dSpend, FeedbackSatisfaction, FeedbackTagAnalysis, FeedbackEncounterMatch,
    ];

    public static IReadOnlyDictionary<string, string> Configuration { get; } =
        new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };

    public static GoldTable ByName(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not a Gold table.", nameof(name));

    private static StructType Schema(params (string Name, DeltaType Type, bool Nullable)[] columns) =>
        new([.. columns.Select(c => new StructField(c.Name, c.Type, c.Nullable))]);
}
