using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// Names, paths (relative to the lake root), schemas and merge keys of the Silver tables (docs/data-contract.md (Silver)). Every Silver
/// table is created with Change Data Feed on and ends with the audit columns <c>_ingest_ts</c>, <c>_batch_id</c>,
/// <c>_source_file</c> of the Bronze row it was built from.
/// </summary>
public static class SilverTables
{
    /// <summary>The folder of the Silver tables under the lake root.</summary>
    public const string Directory = "silver/";

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

    /// <summary>Every Silver table, the base tables first: the one place that states each table's key and contract.</summary>
    public static IReadOnlyList<SilverTable> Definitions { get; } =
    [
        // The patients' SCD1 state is the table itself; encounters look up gender and birth year by id.
        new(Patients, PatientsSchema, ["id"], ["id", "birth_year", "marital", "race", "ethnicity", "gender"], ServedColumns: ["gender", "birth_year"]),
        new(Encounters, EncountersSchema, ["encounter_id"],
            ["encounter_id", "patient_id", "START_TS", "CODE", "DESCRIPTION", "REASONCODE", "REASONDESCRIPTION"]),
        new(Claims, ClaimsSchema, ["claim_id"],
        [
            "claim_id", "patient_id", "provider_id", "claim_amount", "claim_date", "diagnosis_code", "procedure_code", "claim_status",
            "claim_type", "claim_submission_method", "_ingest_ts",
        ]),
        // SCD2: one row per provider version. The current version is the providers' state (what the next change closes)
        // and what claims and feedback take from a provider.
        new(Providers, ProvidersSchema, ["provider_id", "eff_start_ts"],
            ServedColumns: ["provider_specialty", "provider_location", "eff_start_ts", "_batch_id", "_source_file"], CurrentColumn: "is_current"),
        new(Feedback, FeedbackSchema, ["feedback_id"]),
        new(EncountersEnriched, EncountersEnrichedSchema, ["encounter_id"], BaseTable: Encounters, Join: EnrichedJoin.Patient),
        new(ClaimsEnriched, ClaimsEnrichedSchema, ["claim_id"], BaseTable: Claims, Join: EnrichedJoin.Provider),
        new(FeedbackEnriched, FeedbackEnrichedSchema, ["feedback_id"], BaseTable: Feedback, Join: EnrichedJoin.ProviderAndVisit),
    ];

    /// <summary>Every Silver table name, the base tables first.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Definitions.Select(d => d.Name)];

    private static readonly Dictionary<string, SilverTable> ByName = Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary><c>silver/silver_patients</c>.</summary>
    public static string PathOf(string table) => Directory + table;

    /// <summary>The definition of a Silver table; throws <see cref="KeyNotFoundException"/> for any other name.</summary>
    public static SilverTable Get(string table) =>
        ByName.TryGetValue(table, out var definition) ? definition : throw new KeyNotFoundException($"'{table}' is not a Silver table.");

    public static StructType SchemaOf(string table) => Get(table).Schema;

    /// <summary>The merge key columns of a Silver table (SCD2 providers: one row per provider version).</summary>
    public static IReadOnlyList<string> KeyOf(string table) => Get(table).Key;

    /// <summary>The base table whose facts an enriched table copies.</summary>
    public static string BaseOf(string enrichedTable) =>
        Get(enrichedTable).BaseTable ?? throw new KeyNotFoundException($"'{enrichedTable}' is not an enriched Silver table.");

    private static StructField S(string name) => new(name, PrimitiveType.String);

    private static StructType Schema(params StructField[] fields) => new([.. fields, .. AuditFields]);

    private static StructType Enriched(StructType facts, params StructField[] dimensions) => new([.. facts.Fields, .. dimensions]);
}
