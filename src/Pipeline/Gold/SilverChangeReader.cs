using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Reads a Silver table's change feed between two versions (inclusive) as weighted KPI facts: <c>insert</c> and
/// <c>update_postimage</c> add (+1), <c>delete</c> and <c>update_preimage</c> retract (−1). Rows stream from the
/// change files; only the columns the KPIs use are kept.
/// </summary>
public static class SilverChangeReader
{
    /// <summary>The table's current version, or null when it does not exist yet.</summary>
    public static async Task<long?> CurrentVersionAsync(ILakeStorage storage, string table, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken).ConfigureAwait(false);
            return snapshot.Version;
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    public static async Task<KpiFacts> ReadAsync(ILakeStorage storage, string table, long fromVersion, long toVersion, CancellationToken cancellationToken)
    {
        var changes = await TableChanges.ReadAsync(storage, table, fromVersion, toVersion, cancellationToken).ConfigureAwait(false);
        var columns = new Columns(changes.Schema);
        var claims = new List<ClaimFact>();
        var enriched = new List<EnrichedClaimFact>();
        var encounters = new List<EncounterFact>();
        var feedback = new List<FeedbackFact>();
        await foreach (var row in changes.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var weight = Weight(row, columns);
            if (weight == 0)
            {
                continue;
            }

            switch (table)
            {
                case SilverFeeds.Claims:
                    claims.Add(new ClaimFact(
                        weight, columns.Text(row, "claim_id") ?? string.Empty, columns.Text(row, "patient_id"), columns.Text(row, "provider_id"),
                        columns.Double(row, "claim_amount"), columns.Value(row, "claim_date") as DateOnly?, columns.Text(row, "diagnosis_code"),
                        columns.Text(row, "procedure_code"), columns.Text(row, "claim_status")));
                    break;
                case SilverFeeds.ClaimsEnriched:
                    enriched.Add(new EnrichedClaimFact(
                        weight, columns.Text(row, "claim_id") ?? string.Empty, columns.Text(row, "provider_specialty"),
                        columns.Text(row, "diagnosis_code"), columns.Text(row, "claim_status")));
                    break;
                case SilverFeeds.EncountersEnriched:
                    encounters.Add(new EncounterFact(
                        weight, columns.Text(row, "encounter_id") ?? string.Empty, columns.Text(row, "patient_id"), columns.Value(row, "START_TS") as DateTime?));
                    break;
                case SilverFeeds.FeedbackEnriched:
                    feedback.Add(new FeedbackFact(
                        weight, columns.Text(row, "feedback_id") ?? string.Empty, columns.Text(row, "provider_id"), columns.Text(row, "provider_specialty"),
                        columns.Text(row, "source"), columns.Value(row, "satisfaction_score") is { } s ? Convert.ToInt32(s, System.Globalization.CultureInfo.InvariantCulture) : null,
                        Tags(columns.Value(row, "tags")), columns.Text(row, "visit_id"), columns.Value(row, "encounter_missing") as bool? ?? true));
                    break;
                default:
                    throw new ArgumentException($"'{table}' is not a Silver table Gold follows.", nameof(table));
            }
        }

        return new KpiFacts(claims, enriched, encounters, feedback);
    }

    private static int Weight(object?[] row, Columns columns) => columns.Text(row, TableChanges.ChangeTypeColumn) switch
    {
        "insert" or "update_postimage" => 1,
        "delete" or "update_preimage" => -1,
        _ => 0,
    };

    private static List<string?>? Tags(object? value) => value switch
    {
        null => null,
        IEnumerable<object?> items => items.Select(i => i?.ToString()).ToList(),
        System.Collections.IEnumerable items => items.Cast<object?>().Select(i => i?.ToString()).ToList(),
        _ => null,
    };

    /// <summary>Column lookup by name, case-insensitive; a column the table lacks reads as null.</summary>
    private sealed class Columns(StructType schema)
    {
        private readonly Dictionary<string, int> _ordinals = schema.Fields
            .Select((f, i) => (f.Name, i)).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);

        public object? Value(object?[] row, string name) => _ordinals.TryGetValue(name, out var i) && i < row.Length ? row[i] : null;

        public string? Text(object?[] row, string name) => Value(row, name)?.ToString();

        public double? Double(object?[] row, string name) => Value(row, name) switch
        {
            null => null,
            double d => double.IsNaN(d) ? null : d,
            IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
