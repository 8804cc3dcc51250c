using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Names, paths (relative to the lake root), schemas and merge keys of the Silver tables (SPEC.md §3). Every Silver
/// table is created with Change Data Feed on and ends with the audit columns <c>_ingest_ts</c>, <c>_batch_id</c>,
/// <c>_source_file</c> of the Bronze row it was built from.
/// </summary>
public static class SilverTables
{
    public const string Patients = "silver_patients";
    public const string Encounters = "silver_encounters";
    public const string Claims = "silver_claims";
    public const string Providers = "silver_providers";
    public const string Feedback = "silver_feedback";
    public const string EncountersEnriched = "silver_encounters_enriched";
    public const string ClaimsEnriched = "silver_claims_enriched";
    public const string FeedbackEnriched = "silver_feedback_enriched";

    /// <summary>Table properties of every Silver table.</summary>
    public static IReadOnlyDictionary<string, string> Configuration { get; } =
        new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };

    public static IReadOnlyList<StructField> AuditFields { get; } =
    [
        new("_ingest_ts", PrimitiveType.Timestamp),
        new("_batch_id", PrimitiveType.String),
        new("_source_file", PrimitiveType.String),
    ];

    public static StructType PatientsSchema { get; } = Schema(
        new("id", PrimitiveType.String, false), new("birth_year", PrimitiveType.Integer), S("marital"), S("race"), S("ethnicity"), S("gender"));

    public static StructType EncountersSchema { get; } = Schema(
        new("encounter_id", PrimitiveType.String, false), new("patient_id", PrimitiveType.String, false), new("START_TS", PrimitiveType.Timestamp),
        S("CODE"), S("DESCRIPTION"), S("REASONCODE"), S("REASONDESCRIPTION"));

    public static StructType ClaimsSchema { get; } = Schema(
        new("claim_id", PrimitiveType.String, false), new("patient_id", PrimitiveType.String, false), new("provider_id", PrimitiveType.String, false),
        new("claim_amount", PrimitiveType.Double), new("claim_date", PrimitiveType.Date), S("diagnosis_code"), S("procedure_code"),
        S("claim_status"), S("claim_type"), S("claim_submission_method"));

    public static StructType ProvidersSchema { get; } = Schema(
        new("provider_id", PrimitiveType.String, false), S("provider_specialty"), S("provider_location"),
        new("eff_start_ts", PrimitiveType.Timestamp, false), new("eff_end_ts", PrimitiveType.Timestamp), new("is_current", PrimitiveType.Boolean, false));

    public static StructType FeedbackSchema { get; } = Schema(
        new("feedback_id", PrimitiveType.String, false), S("provider_id"), new("timestamp", PrimitiveType.Timestamp), S("timestamp_source"),
        S("visit_id"), new("satisfaction_score", PrimitiveType.Integer), S("source"), new("tags", new ArrayType(PrimitiveType.String, true)),
        new("metadata", new MapType(PrimitiveType.String, PrimitiveType.String, true)));

    public static StructType EncountersEnrichedSchema { get; } = Enriched(
        EncountersSchema, S("gender"), new("birth_year", PrimitiveType.Integer), new("patient_missing", PrimitiveType.Boolean, false));

    public static StructType ClaimsEnrichedSchema { get; } = Enriched(
        ClaimsSchema, S("provider_specialty"), S("provider_location"), new("provider_missing", PrimitiveType.Boolean, false));

    public static StructType FeedbackEnrichedSchema { get; } = Enriched(
        FeedbackSchema, S("provider_specialty"), S("provider_location"), new("provider_missing", PrimitiveType.Boolean, false),
        new("encounter_missing", PrimitiveType.Boolean, false));

    /// <summary>Every Silver table name, the base tables first.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Patients, Encounters, Claims, Providers, Feedback, EncountersEnriched, ClaimsEnriched, FeedbackEnriched];

    /// <summary><c>silver/silver_patients</c>.</summary>
    public static string PathOf(string table) => "silver/" + table;

    public static StructType SchemaOf(string table) => table switch
    {
        Patients => PatientsSchema,
        Encounters => EncountersSchema,
        Claims => ClaimsSchema,
        Providers => ProvidersSchema,
        Feedback => FeedbackSchema,
        EncountersEnriched => EncountersEnrichedSchema,
        ClaimsEnriched => ClaimsEnrichedSchema,
        FeedbackEnriched => FeedbackEnrichedSchema,
        _ => throw new KeyNotFoundException($"'{table}' is not a Silver table."),
    };

    /// <summary>The merge key columns of a Silver table (SCD2 providers: one row per provider version).</summary>
    public static IReadOnlyList<string> KeyOf(string table) => table switch
    {
        Patients => ["id"],
        Encounters or EncountersEnriched => ["encounter_id"],
        Claims or ClaimsEnriched => ["claim_id"],
        Providers => ["provider_id", "eff_start_ts"],
        Feedback or FeedbackEnriched => ["feedback_id"],
        _ => throw new KeyNotFoundException($"'{table}' is not a Silver table."),
    };

    /// <summary>Width of the fact columns an enriched table copies from its base table.</summary>
    public static string BaseOf(string enrichedTable) => enrichedTable switch
    {
        EncountersEnriched => Encounters,
        ClaimsEnriched => Claims,
        FeedbackEnriched => Feedback,
        _ => throw new KeyNotFoundException($"'{enrichedTable}' is not an enriched Silver table."),
    };

    private static StructField S(string name) => new(name, PrimitiveType.String);

    private static StructType Schema(params StructField[] fields) => new([.. fields, .. AuditFields]);

    private static StructType Enriched(StructType facts, params StructField[] dimensions) => new([.. facts.Fields, .. dimensions]);
}
