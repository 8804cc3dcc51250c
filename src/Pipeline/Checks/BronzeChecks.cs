using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// docs/data-contract.md (Checks) Bronze checks of one table: row_count, dup_pk, null_pk_count, max__ingest_ts and conservation. Records read
/// per file are taken as the highest record position (<c>_source_row</c>) seen in Bronze or quarantine, since positions
/// are 1-based and consecutive: a lost record, a record in both, or a record written twice all make it non-zero.
/// </summary>
public static class BronzeChecks
{
    public const string Layer = "BRONZE";

    public static DataCheck For(ILakeStorage storage, DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DataCheck(Layer, dataset.BronzeTableName, "bronze", ct => RunAsync(storage, dataset, ct));
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(ILakeStorage storage, DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        var table = dataset.BronzeTableName;
        var rows = await LakeScan.ReadAsync(
            storage, dataset.BronzeTablePath, [dataset.PrimaryKey, AuditColumns.IngestTs, AuditColumns.SourceFile, AuditColumns.SourceRow], cancellationToken).ConfigureAwait(false);
        var pk = LakeScan.Ordinal(rows.Schema, dataset.PrimaryKey, table);
        var ingest = LakeScan.Ordinal(rows.Schema, AuditColumns.IngestTs, table);
        var file = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceFile, table);
        var position = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceRow, table);
        long count = 0, nullKeys = 0;
        var keys = new DuplicateKeys();
        DateTime? maxIngest = null;
        var files = new Dictionary<string, (long Rows, long MaxPosition)>(StringComparer.Ordinal);
        var events = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        await foreach (var row in rows.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            var key = row[pk] is string { Length: > 0 } k ? k : null;
            keys.Add(key);
            if (key is null)
            {
                nullKeys++;
            }

            if (row[ingest] is DateTime ts && (maxIngest is null || ts > maxIngest))
            {
                maxIngest = ts;
            }

            Count(files, events, row[file] as string, row[position]);
        }

        // A dataset with no bad record may have no quarantine table at all.
        var quarantined = await LakeScan.TryReadAsync(
            storage, dataset.QuarantineTablePath, [QuarantineColumns.SourceFile, QuarantineColumns.SourceRow], cancellationToken).ConfigureAwait(false);
        long quarantinedCount = 0;
        if (quarantined is not null)
        {
            var qFile = LakeScan.Ordinal(quarantined.Schema, QuarantineColumns.SourceFile, dataset.QuarantineTableName);
            var qPosition = LakeScan.Ordinal(quarantined.Schema, QuarantineColumns.SourceRow, dataset.QuarantineTableName);
            await foreach (var row in quarantined.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                quarantinedCount++;
                Count(files, events, row[qFile] as string, row[qPosition]);
            }
        }

        // Keys were hashed in the scan above; the key column is read again only when a hash repeated.
        async IAsyncEnumerable<string?> Keys()
        {
            var again = await LakeScan.ReadAsync(storage, dataset.BronzeTablePath, [dataset.PrimaryKey], cancellationToken).ConfigureAwait(false);
            await foreach (var row in again.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return row[pk] is string { Length: > 0 } key ? key : null;
            }
        }

        var duplicates = await keys.CountAsync(Keys, cancellationToken).ConfigureAwait(false);
        var dupPass = duplicates == 0;
        string? dupMessage = duplicates == 0 ? null : $"{duplicates} primary keys occur more than once";
        var silver = SilverTables.Get(dataset.Silver.Table);
        if (!dupPass && dataset.DuplicatesResolvedInSilver && await SilverChecks.DuplicateKeysAsync(storage, silver.Path, silver.Key, cancellationToken).ConfigureAwait(false) == 0)
        {
            dupPass = true;
            dupMessage = "duplicates suppressed downstream";
        }

        var read = files.Values.Sum(f => f.MaxPosition) + events.Values.Sum(e => (long)e.Count);
        var conservation = read - count - quarantinedCount;
        return
        [
            CheckResult.Of(Layer, table, "row_count", count, count > 0, count > 0 ? null : "the table is empty"),
            CheckResult.Of(Layer, table, "dup_pk", duplicates, dupPass, dupMessage),
            CheckResult.Of(Layer, table, "null_pk_count", nullKeys, nullKeys == 0, nullKeys == 0 ? null : $"{nullKeys} rows have no {dataset.PrimaryKey}"),
            new CheckResult(Layer, table, "max__ingest_ts", maxIngest?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                maxIngest is null ? CheckStatus.Fail : CheckStatus.Pass, maxIngest is null ? "no _ingest_ts" : null),
            CheckResult.Of(Layer, table, "conservation", conservation, conservation == 0,
                conservation == 0 ? null : $"records read {read} (highest positions per file, distinct sequence numbers per event partition), Bronze rows {count}, quarantined {quarantinedCount}"),
        ];
    }

    private static void Count(Dictionary<string, (long Rows, long MaxPosition)> files, string? file, object? position)
    {
        var key = file ?? string.Empty;
        var current = files.GetValueOrDefault(key);
        var p = position is long l ? l : 0;
        files[key] = (current.Rows + 1, Math.Max(current.MaxPosition, p));
    }

    /// <summary>
    /// Streamed events (<c>_source_file</c> <c>eventhubs/&lt;hub&gt;/&lt;partition&gt;</c>, <c>_source_row</c> = sequence
    /// number) share one partition's numbers among all datasets, so a table's highest number says nothing of how many
    /// events it was sent. Their records read are the distinct sequence numbers the table and its quarantine hold: an
    /// event written twice makes conservation non-zero; a lost event is caught by <see cref="EventChecks"/>.
    /// </summary>
    private static void CountEvent(Dictionary<string, HashSet<long>> events, string file, object? position)
    {
        if (!events.TryGetValue(file, out var seen))
        {
            seen = [];
            events[file] = seen;
        }

        seen.Add(position is long l ? l : -1);
    }

    private static void Count(Dictionary<string, (long Rows, long MaxPosition)> files, Dictionary<string, HashSet<long>> events, string? file, object? position)
    {
        if (file is not null && file.StartsWith(EventChecks.SourcePrefix, StringComparison.Ordinal))
        {
            CountEvent(events, file, position);
        }
        else
        {
            Count(files, file, position);
        }
    }
}
