using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Writes the four Silver tables Gold follows as real Delta tables with change data feed, by MERGE on their keys
/// (so changed rows produce update pre/post images and removed rows deletes), and reads them back.
/// </summary>
internal sealed class SilverLake(string lake)
{
    private static readonly IReadOnlyDictionary<string, string> Cdf = new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };

    public static readonly StructType Claims = new(
    [
        new("claim_id", PrimitiveType.String), new("patient_id", PrimitiveType.String), new("provider_id", PrimitiveType.String),
        new("claim_amount", PrimitiveType.Double), new("claim_date", PrimitiveType.Date), new("diagnosis_code", PrimitiveType.String),
        new("procedure_code", PrimitiveType.String), new("claim_status", PrimitiveType.String), new("claim_type", PrimitiveType.String),
        new("claim_submission_method", PrimitiveType.String), new("_ingest_ts", PrimitiveType.Timestamp), new("_batch_id", PrimitiveType.String),
        new("_source_file", PrimitiveType.String),
    ]);

    public static readonly StructType ClaimsEnriched = new(
    [
        .. Claims.Fields, new("provider_specialty", PrimitiveType.String), new("provider_location", PrimitiveType.String),
        new("provider_missing", PrimitiveType.Boolean),
    ]);

    public static readonly StructType EncountersEnriched = new(
    [
        new("encounter_id", PrimitiveType.String), new("patient_id", PrimitiveType.String), new("START_TS", PrimitiveType.Timestamp),
        new("CODE", PrimitiveType.String), new("DESCRIPTION", PrimitiveType.String), new("REASONCODE", PrimitiveType.String),
        new("REASONDESCRIPTION", PrimitiveType.String), new("_ingest_ts", PrimitiveType.Timestamp), new("_batch_id", PrimitiveType.String),
        new("_source_file", PrimitiveType.String), new("gender", PrimitiveType.String), new("birth_year", PrimitiveType.Integer),
        new("patient_missing", PrimitiveType.Boolean),
    ]);

    public static readonly StructType FeedbackEnriched = new(
    [
        new("feedback_id", PrimitiveType.String), new("provider_id", PrimitiveType.String), new("timestamp", PrimitiveType.Timestamp),
        new("timestamp_source", PrimitiveType.String), new("visit_id", PrimitiveType.String), new("satisfaction_score", PrimitiveType.Integer),
        new("source", PrimitiveType.String), new("tags", new ArrayType(PrimitiveType.String, true)),
        new("metadata", new MapType(PrimitiveType.String, PrimitiveType.String, true)), new("_ingest_ts", PrimitiveType.Timestamp),
        new("_batch_id", PrimitiveType.String), new("_source_file", PrimitiveType.String), new("provider_specialty", PrimitiveType.String),
        new("provider_location", PrimitiveType.String), new("provider_missing", PrimitiveType.Boolean), new("encounter_missing", PrimitiveType.Boolean),
    ]);

    public ILakeStorage Storage { get; } = new LocalLakeStorage(lake);

    /// <summary>Brings the four tables to the model's state: upserts every current row, deletes the removed keys.</summary>
    public async Task WriteAsync(SilverModel model, SilverModel? previous)
    {
        var batch = $"b{model.Submission}";
        var ts = DateTime.UtcNow;
        await MergeAsync("silver/silver_claims", Claims, "claim_id",
            model.Claims.Values.Select(c => c.Row(batch, ts)).ToList(), Removed(previous?.Claims.Keys, model.Claims.Keys));
        await MergeAsync("silver/silver_claims_enriched", ClaimsEnriched, "claim_id",
            model.Claims.Values.Select(c => c.EnrichedRow(batch, ts, model.Specialties)).ToList(), Removed(previous?.Claims.Keys, model.Claims.Keys));
        await MergeAsync("silver/silver_encounters_enriched", EncountersEnriched, "encounter_id",
            model.Encounters.Values.Select(e => e.Row(batch, ts)).ToList(), Removed(previous?.Encounters.Keys, model.Encounters.Keys));
        await MergeAsync("silver/silver_feedback_enriched", FeedbackEnriched, "feedback_id",
            model.Feedback.Values.Select(f => f.Row(batch, ts, model.Specialties, model.Encounters)).ToList(), Removed(previous?.Feedback.Keys, model.Feedback.Keys));
    }

    public async Task<List<object?[]>> ReadAsync(string table) => (await ReadWithSchemaAsync(table)).Rows;

    public async Task<(StructType Schema, List<object?[]> Rows)> ReadWithSchemaAsync(string table)
    {
        var snapshot = await Snapshot.LoadAsync(Storage, table, null, CancellationToken.None);
        var rows = new List<object?[]>();
        await foreach (var row in TableReader.Read(snapshot, CancellationToken.None).Rows)
        {
            rows.Add(row);
        }

        return (snapshot.Schema, rows);
    }

    private static List<string> Removed(IEnumerable<string>? before, IEnumerable<string> now) =>
        before is null ? [] : before.Except(now).ToList();

    private async Task MergeAsync(string path, StructType schema, string key, List<object?[]> rows, List<string> deletes)
    {
        var table = await DeltaTable.OpenOrCreateAsync(Storage, path, schema, [], Cdf, CancellationToken.None);
        var merge = rows.Select(r => new MergeRow(r)).ToList();
        merge.AddRange(deletes.Select(d =>
        {
            var row = new object?[schema.Fields.Count];
            row[schema.IndexOf(key)] = d;
            return new MergeRow(row, Delete: true);
        }));
        await table.MergeAsync([key], merge, null, CancellationToken.None);
    }
}
