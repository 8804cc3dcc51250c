using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// Conservation of streamed events (docs/data-contract.md, Bronze and Streamed arrivals) across every table an event can land in: the five Bronze tables,
/// their quarantine tables and <see cref="EventQuarantine"/>. Per Event Hubs partition, sequence numbers are consecutive,
/// so from the lowest to the highest one seen every number must be in exactly one row: the metric counts the missing
/// numbers plus the ones held more than once (PASS at 0). Reported as table <c>eventhubs</c>.
/// </summary>
public static class EventChecks
{
    public const string SourcePrefix = "eventhubs/";

    public const string TableName = "eventhubs";

    public static DataCheck For(ILakeStorage storage) =>
        new(BronzeChecks.Layer, TableName, "bronze", ct => RunAsync(storage, ct));

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var tables = DatasetCatalog.All.SelectMany(d => new[] { d.BronzeTablePath, d.QuarantineTablePath }).Append(EventQuarantine.TablePath);
        var partitions = new Dictionary<string, (HashSet<long> Seen, long Rows)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = await LakeScan.TryReadAsync(storage, table, [AuditColumns.SourceFile, AuditColumns.SourceRow], cancellationToken).ConfigureAwait(false);
            if (rows is null)
            {
                continue;
            }

            var file = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceFile, table);
            var position = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceRow, table);
            await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (row[file] is not string source || !source.StartsWith(SourcePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!partitions.TryGetValue(source, out var entry))
                {
                    entry = ([], 0);
                }

                entry.Seen.Add(row[position] is long l ? l : -1);
                partitions[source] = (entry.Seen, entry.Rows + 1);
            }
        }

        // No event has arrived (an empty lake included): like every Bronze check, "no input yet" passes (SPEC §5).
        if (partitions.Count == 0)
        {
            return [CheckResult.Of(BronzeChecks.Layer, TableName, "conservation", 0, pass: true, BronzeChecks.NoInputYet)];
        }

        long missing = 0, duplicated = 0, events = 0;
        foreach (var (seen, rows) in partitions.Values)
        {
            missing += seen.Max() - seen.Min() + 1 - seen.Count;
            duplicated += rows - seen.Count;
            events += rows;
        }

        var bad = missing + duplicated;
        return
        [
            CheckResult.Of(BronzeChecks.Layer, TableName, "conservation", bad, bad == 0,
                bad == 0
                    ? $"{events} events over {partitions.Count} partitions, each sequence number once"
                    : $"{missing} sequence numbers missing, {duplicated} held more than once, over {partitions.Count} partitions"),
        ];
    }
}
