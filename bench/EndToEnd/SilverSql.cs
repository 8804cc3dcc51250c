namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// docs/data-contract.md (Silver) as DuckDB SQL over the peer's Bronze Parquet (views <c>bronze_*</c>, <c>_arrival</c> = arrival order).
/// One submission in one run, so "latest" is the last row in arrival order, and the SCD2 provider history holds one
/// version per provider: the last row, since an unchanged row leaves the current version alone and a changed one
/// replaces it — either way the current version carries the last row's values.
/// </summary>
internal static class SilverSql
{
    public const string Script = """
        CREATE TABLE silver_patients AS
        SELECT ID AS id,
               CASE WHEN regexp_full_match(BIRTHDATE, '\d{4}-\d{2}-\d{2}') THEN CAST(year(try_strptime(BIRTHDATE, '%Y-%m-%d')) AS INTEGER) END AS birth_year,
               MARITAL AS marital, RACE AS race, ETHNICITY AS ethnicity, GENDER AS gender, _ingest_ts, _batch_id, _source_file
        FROM bronze_patients
        QUALIFY row_number() OVER (PARTITION BY ID ORDER BY _arrival DESC) = 1;

        CREATE TABLE silver_encounters AS
        SELECT ID AS encounter_id, PATIENT AS patient_id,
               CASE WHEN regexp_full_match(DATE, '\d{4}-\d{2}-\d{2}') THEN try_strptime(DATE, '%Y-%m-%d') END AS START_TS,
               CAST(CODE AS VARCHAR) AS CODE, DESCRIPTION,
               CASE WHEN REASONCODE IS NULL OR isnan(REASONCODE) THEN NULL
                    WHEN REASONCODE = trunc(REASONCODE) THEN CAST(CAST(REASONCODE AS HUGEINT) AS VARCHAR)
                    ELSE CAST(REASONCODE AS VARCHAR) END AS REASONCODE,
               REASONDESCRIPTION, _ingest_ts, _batch_id, _source_file
        FROM bronze_encounters
        WHERE ID IS NOT NULL AND PATIENT IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY ID ORDER BY _arrival DESC) = 1;

        CREATE TABLE silver_claims AS
        SELECT ClaimID AS claim_id, PatientID AS patient_id, ProviderID AS provider_id, ClaimAmount AS claim_amount,
               CASE WHEN regexp_full_match(ClaimDate, '\d{4}-\d{2}-\d{2}') THEN CAST(try_strptime(ClaimDate, '%Y-%m-%d') AS DATE) END AS claim_date,
               DiagnosisCode AS diagnosis_code, ProcedureCode AS procedure_code, ClaimStatus AS claim_status, ClaimType AS claim_type,
               ClaimSubmissionMethod AS claim_submission_method, _ingest_ts, _batch_id, _source_file
        FROM bronze_claims
        WHERE ClaimID IS NOT NULL AND PatientID IS NOT NULL AND ProviderID IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY ClaimID ORDER BY _arrival DESC) = 1;

        CREATE TABLE silver_providers AS
        SELECT ProviderID AS provider_id, ProviderSpecialty AS provider_specialty, ProviderLocation AS provider_location,
               _ingest_ts AS eff_start_ts, CAST(NULL AS TIMESTAMP) AS eff_end_ts, true AS is_current, _ingest_ts, _batch_id, _source_file
        FROM bronze_providers
        QUALIFY row_number() OVER (PARTITION BY ProviderID ORDER BY _arrival DESC) = 1;

        CREATE TABLE silver_feedback AS
        SELECT feedback_id, provider_id,
               CAST(try_cast("timestamp" AS TIMESTAMPTZ) AS TIMESTAMP) AS "timestamp",
               CASE WHEN regexp_matches("timestamp", 'T[^Z+-]*(Z|[+-]\d{2}(:?\d{2})?)$') THEN 'offset' ELSE 'naive' END AS timestamp_source,
               visit_id, satisfaction_score, source, tags,
               CAST(json(metadata_json) AS MAP(VARCHAR, VARCHAR)) AS metadata, _ingest_ts, _batch_id, _source_file
        FROM bronze_feedback
        QUALIFY row_number() OVER (PARTITION BY feedback_id ORDER BY _arrival) = 1;

        CREATE TABLE silver_encounters_enriched AS
        SELECT e.*, p.gender, p.birth_year, p.id IS NULL AS patient_missing
        FROM silver_encounters e LEFT JOIN silver_patients p ON p.id = e.patient_id;

        CREATE TABLE silver_claims_enriched AS
        SELECT c.*, v.provider_specialty, v.provider_location, v.provider_id IS NULL AS provider_missing
        FROM silver_claims c LEFT JOIN silver_providers v ON v.provider_id = c.provider_id AND v.is_current;

        CREATE TABLE silver_feedback_enriched AS
        SELECT f.*, v.provider_specialty, v.provider_location, v.provider_id IS NULL AS provider_missing,
               (f.visit_id IS NULL OR e.encounter_id IS NULL) AS encounter_missing
        FROM silver_feedback f
        LEFT JOIN silver_providers v ON v.provider_id = f.provider_id AND v.is_current
        LEFT JOIN (SELECT DISTINCT encounter_id FROM silver_encounters) e ON e.encounter_id = f.visit_id;
        """;

    public static readonly string[] Tables =
    [
        "silver_patients", "silver_encounters", "silver_claims", "silver_providers", "silver_feedback",
        "silver_encounters_enriched", "silver_claims_enriched", "silver_feedback_enriched",
    ];
}
