namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// The left join that makes an enriched Silver table's rows (<see cref="Enrichment"/>). The enriched table grain has
/// one method per join and switches over this enum without a default arm, so a new join with no method does not build.
/// </summary>
public enum EnrichedJoin
{
    /// <summary>Encounters + the patient's gender and birth year (dimension column <c>patient_id</c>).</summary>
    Patient,

    /// <summary>Claims + the current provider's specialty and location (dimension column <c>provider_id</c>).</summary>
    Provider,

    /// <summary>Feedback + the current provider (<c>provider_id</c>) + whether the visit exists (<c>visit_id</c>).</summary>
    ProviderAndVisit,
}
