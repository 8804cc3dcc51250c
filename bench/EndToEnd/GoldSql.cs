namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// docs/data-contract.md (Gold) as DuckDB SQL over the peer's Silver tables. ROUND is half away from zero on the decimal value, so every
/// rounded ratio is computed on integers (counts, scores, cents — every generated amount has two decimals) by
/// <c>round_ratio</c> instead of DuckDB's ROUND on a double, which would round 2.675 (stored as 2.67499…) down.
/// </summary>
internal static class GoldSql
{
    public const string Script = """
        CREATE MACRO round_ratio(num, den, scale) AS
            CASE WHEN den = 0 THEN NULL
                 ELSE CAST(sign(num) * sign(den) * ((2 * CAST(abs(num) AS HUGEINT) * scale + abs(den)) // (2 * CAST(abs(den) AS HUGEINT))) AS DOUBLE) / scale END;

        CREATE MACRO cents(amount) AS CAST(round(amount * 100) AS BIGINT);

        CREATE TABLE gold_patient_lifecycle AS
        WITH v AS (
            SELECT patient_id, min(START_TS) AS first_visit_ts, max(START_TS) AS last_visit_ts, count(*) AS visit_count
            FROM silver_encounters_enriched WHERE START_TS IS NOT NULL GROUP BY patient_id)
        SELECT coalesce(patient_id, 'Unknown') AS patient_id, first_visit_ts, last_visit_ts,
               CAST(date_diff('day', CAST(first_visit_ts AS DATE), CAST(last_visit_ts AS DATE)) AS INTEGER) AS lifetime_days,
               visit_count, CASE WHEN visit_count = 1 THEN 'new' ELSE 'returning' END AS classification,
               CASE WHEN visit_count > 1 THEN round_ratio(date_diff('day', CAST(first_visit_ts AS DATE), CAST(last_visit_ts AS DATE)), visit_count - 1, 100) END
                   AS avg_days_between_visits,
               CAST(date_diff('day', CAST(last_visit_ts AS DATE), current_date) AS INTEGER) AS days_since_last_visit
        FROM v;

        CREATE TABLE gold_claim_approval_by_specialty AS
        SELECT coalesce(provider_specialty, 'Unknown') AS provider_specialty, count(*) AS total_claims,
               count(*) FILTER (WHERE claim_status = 'Approved') AS approved_count,
               round_ratio(count(*) FILTER (WHERE claim_status = 'Approved'), count(*), 10000) AS approval_rate
        FROM silver_claims_enriched GROUP BY 1;

        CREATE TABLE gold_claim_denial_breakdown AS
        WITH d AS (
            SELECT coalesce(provider_specialty, 'Unknown') AS provider_specialty, coalesce(diagnosis_code, 'Unknown') AS diagnosis_code, count(*) AS denial_count
            FROM silver_claims_enriched WHERE claim_status = 'Denied' GROUP BY 1, 2)
        SELECT provider_specialty, diagnosis_code, denial_count,
               round_ratio(denial_count, sum(denial_count) OVER (PARTITION BY provider_specialty), 10000) AS denial_pct
        FROM d;

        CREATE TABLE gold_high_cost_procedures AS
        WITH p AS (
            SELECT coalesce(procedure_code, 'Unknown') AS procedure_code, count(*) AS procedure_count, sum(cents(claim_amount)) AS total_cents
            FROM silver_claims WHERE claim_status = 'Approved' AND claim_amount IS NOT NULL AND NOT isnan(claim_amount) GROUP BY 1)
        SELECT procedure_code, round_ratio(total_cents, procedure_count * 100, 100) AS avg_claim_amount, procedure_count
        FROM p WHERE procedure_count >= 3
        ORDER BY CAST(total_cents AS DOUBLE) / procedure_count DESC, procedure_code ASC
        LIMIT 10;

        CREATE TABLE gold_rapid_fire_claims AS
        SELECT patient_id, claim_date AS claim_day, count(*) AS daily_count
        FROM silver_claims WHERE claim_date IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 5;

        CREATE TABLE gold_claim_amount_outliers AS
        WITH c AS (SELECT claim_id, coalesce(procedure_code, 'Unknown') AS procedure_code, claim_amount
                   FROM silver_claims WHERE claim_amount IS NOT NULL AND NOT isnan(claim_amount)),
             p AS (SELECT procedure_code, avg(claim_amount) AS procedure_mean, stddev_pop(claim_amount) AS procedure_stddev
                   FROM c GROUP BY 1 HAVING count(*) >= 30)
        SELECT c.claim_id, c.procedure_code, c.claim_amount, p.procedure_mean, p.procedure_stddev,
               round((c.claim_amount - p.procedure_mean) / p.procedure_stddev, 2) AS z_score
        FROM c JOIN p USING (procedure_code)
        WHERE abs(c.claim_amount - p.procedure_mean) > 3 * p.procedure_stddev;

        CREATE TABLE provider_day_cents AS
        SELECT provider_id, claim_date AS spend_date, sum(cents(claim_amount)) AS day_cents
        FROM silver_claims WHERE claim_date IS NOT NULL AND claim_amount IS NOT NULL AND NOT isnan(claim_amount) GROUP BY 1, 2;

        CREATE TABLE gold_provider_daily_spend AS
        SELECT provider_id, spend_date, CAST(day_cents AS DOUBLE) / 100 AS daily_spend FROM provider_day_cents;

        CREATE TABLE gold_provider_7d_spend AS
        SELECT provider_id, spend_date, CAST(day_cents AS DOUBLE) / 100 AS daily_spend,
               CAST(sum(day_cents) OVER w AS DOUBLE) / 100 AS rolling_7d_spend,
               round_ratio(sum(day_cents) OVER w, count(*) OVER w * 100, 100) AS rolling_7d_avg
        FROM provider_day_cents
        WINDOW w AS (PARTITION BY provider_id ORDER BY spend_date RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW);

        CREATE TABLE gold_feedback_satisfaction AS
        SELECT coalesce(provider_specialty, 'Unknown') AS provider_specialty, coalesce(provider_id, 'Unknown') AS provider_id,
               coalesce(source, 'Unknown') AS source, count(*) AS feedback_count,
               round_ratio(sum(satisfaction_score), count(satisfaction_score), 100) AS avg_score
        FROM silver_feedback_enriched GROUP BY 1, 2, 3;

        CREATE TABLE gold_feedback_tag_analysis AS
        SELECT coalesce(tag, 'Unknown') AS tag, count(*) AS feedback_count, round_ratio(sum(satisfaction_score), count(satisfaction_score), 100) AS avg_score
        FROM (SELECT unnest(tags) AS tag, satisfaction_score FROM silver_feedback WHERE tags IS NOT NULL) GROUP BY 1;

        CREATE TABLE gold_feedback_encounter_match AS
        WITH m AS (
            SELECT count(*) AS total, count(f.visit_id) AS with_visit,
                   count(*) FILTER (WHERE f.visit_id IN (SELECT encounter_id FROM silver_encounters)) AS matched
            FROM silver_feedback f)
        SELECT total AS total_feedback_submissions, with_visit AS with_visit_id_count, matched AS matched_to_encounter_count,
               round_ratio(matched * 100, total, 100) AS match_rate_percent
        FROM m;
        """;

    public static readonly string[] Tables =
    [
        "gold_patient_lifecycle", "gold_claim_approval_by_specialty", "gold_claim_denial_breakdown", "gold_high_cost_procedures",
        "gold_rapid_fire_claims", "gold_claim_amount_outliers", "gold_provider_daily_spend", "gold_provider_7d_spend",
        "gold_feedback_satisfaction", "gold_feedback_tag_analysis", "gold_feedback_encounter_match",
    ];
}
