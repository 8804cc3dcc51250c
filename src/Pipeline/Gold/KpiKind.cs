namespace Kardiaflow.Pipeline.Gold;

/// <summary>The groupings that own Gold state: each kind is a family of aggregator partitions.</summary>
public enum KpiKind
{
    /// <summary>Per patient: gold_patient_lifecycle, gold_rapid_fire_claims.</summary>
    Patient,

    /// <summary>Per provider: gold_provider_daily_spend, gold_provider_7d_spend, gold_feedback_satisfaction.</summary>
    Provider,

    /// <summary>Per provider specialty: gold_claim_approval_by_specialty, gold_claim_denial_breakdown.</summary>
    Specialty,

    /// <summary>Per procedure code: gold_claim_amount_outliers, and the inputs of gold_high_cost_procedures.</summary>
    Procedure,

    /// <summary>Per feedback tag: gold_feedback_tag_analysis.</summary>
    Tag,

    /// <summary>One partition: gold_feedback_encounter_match.</summary>
    EncounterMatch,
}
