using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// docs/data-contract.md (Checks) Bronze checks of one table: row_count, dup_pk, null_pk_count, max__ingest_ts and
/// conservation. Bronze is the log of every arrival: a key that arrives again passes dup_pk while the Silver table
/// resolved it. Conservation compares, per ingested file (relative path and submission), the reader's own count
/// recorded in the Bronze commit with the rows the file left in Bronze and quarantine.
/// </summary>
public static class BronzeChecks
{
    public const string Layer = "BRONZE";

    public const string NoInputYet = "no input yet";

    public static DataCheck For(ILakeStorage storage, DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DataCheck(Layer, dataset.BronzeTableName, "bronze", ct => RunAsync(storage, dataset, ct));
    }

    /// <summary>True when no submission has fed the dataset yet: no Bronze table, or one without rows or quarantined records.</summary>
    public static async Task<bool> HasNoInputYetAsync(ILakeStorage storage, DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return await IsEmptyAsync(storage, dataset.BronzeTablePath, cancellationToken).ConfigureAwait(false)
            && await IsEmptyAsync(storage, dataset.QuarantineTablePath, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> IsEmptyAsync(ILakeStorage storage, string table, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await Lakehouse.Snapshots.Snapshot.LoadAsync(storage, table, null, cancellationToken).ConfigureAwait(false);
            return snapshot.Files.Count == 0;
        }
        catch (TableNotFoundException)
        {
            return true;
        }
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(ILakeStorage storage, DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        var table = dataset.BronzeTableName;
        if (await HasNoInputYetAsync(storage, dataset, cancellationToken).ConfigureAwait(false))
        {
            return
            [
                CheckResult.Of(Layer, table, "row_count", 0, true, NoInputYet),
                CheckResult.Of(Layer, table, "dup_pk", 0, true, NoInputYet),
                CheckResult.Of(Layer, table, "null_pk_count", 0, true, NoInputYet),
                new CheckResult(Layer, table, "max__ingest_ts", null, CheckStatus.Pass, NoInputYet),
                CheckResult.Of(Layer, table, "conservation", 0, true, NoInputYet),
            ];
        }

        var rows = await LakeScan.ReadAsync(
            storage, dataset.BronzeTablePath,
            [dataset.PrimaryKey, AuditColumns.IngestTs, AuditColumns.SourceFile, AuditColumns.SourceRow, AuditColumns.BatchId], cancellationToken).ConfigureAwait(false);
        var pk = LakeScan.Ordinal(rows.Schema, dataset.PrimaryKey, table);
        var ingest = LakeScan.Ordinal(rows.Schema, AuditColumns.IngestTs, table);
        var file = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceFile, table);
        var position = LakeScan.Ordinal(rows.Schema, AuditColumns.SourceRow, table);
        var batch = LakeScan.Ordinal(rows.Schema, AuditColumns.BatchId, table);
        long count = 0, nullKeys = 0;
        var keys = new DuplicateKeys();
        DateTime? maxIngest = null;
        var files = new Dictionary<(string File, string Batch), FileCount>();
        var events = new Dictionary<string, EventCount>(StringComparer.Ordinal);
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

            Count(files, events, row[file], row[batch], row[position]);
        }

        // A dataset with no bad record may have no quarantine table at all.
        var quarantined = await LakeScan.TryReadAsync(
            storage, dataset.QuarantineTablePath, [QuarantineColumns.SourceFile, QuarantineColumns.SourceRow, QuarantineColumns.BatchId], cancellationToken).ConfigureAwait(false);
        long quarantinedCount = 0;
        if (quarantined is not null)
        {
            var qFile = LakeScan.Ordinal(quarantined.Schema, QuarantineColumns.SourceFile, dataset.QuarantineTableName);
            var qPosition = LakeScan.Ordinal(quarantined.Schema, QuarantineColumns.SourceRow, dataset.QuarantineTableName);
            var qBatch = LakeScan.Ordinal(quarantined.Schema, QuarantineColumns.BatchId, dataset.QuarantineTableName);
            await foreach (var row in quarantined.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                quarantinedCount++;
                Count(files, events, row[qFile], row[qBatch], row[qPosition]);
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
        var (dupPass, dupMessage) = duplicates == 0
            ? (true, (string?)null)
            : await ResolvedInSilverAsync(storage, dataset, duplicates, cancellationToken).ConfigureAwait(false);

        var recorded = await RecordedReadsAsync(storage, dataset.BronzeTablePath, cancellationToken).ConfigureAwait(false);
        var (read, unbalanced) = Conservation(files, recorded);
        foreach (var (source, streamed) in events)
        {
            // Streamed events share one partition's sequence numbers among all datasets: their records read are the
            // distinct numbers the table and its quarantine hold (a lost event is caught by EventChecks).
            read += streamed.Seen.Count;
            if (streamed.Seen.Count != streamed.Rows)
            {
                unbalanced.Add($"{source} (events: {streamed.Seen.Count} sequence numbers, landed {streamed.Rows})");
            }
        }

        var conservation = read - count - quarantinedCount;
        string? conservationMessage = unbalanced.Count == 0
            ? null
            : $"records read {read}, Bronze rows {count}, quarantined {quarantinedCount}; {unbalanced.Count} files do not balance: "
              + string.Join(", ", unbalanced.Take(5));
        return
        [
            CheckResult.Of(Layer, table, "row_count", count, count > 0, count > 0 ? null : "every record was quarantined"),
            CheckResult.Of(Layer, table, "dup_pk", duplicates, dupPass, dupMessage),
            CheckResult.Of(Layer, table, "null_pk_count", nullKeys, nullKeys == 0, nullKeys == 0 ? null : $"{nullKeys} rows have no {dataset.PrimaryKey}"),
            new CheckResult(Layer, table, "max__ingest_ts", maxIngest?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                maxIngest is null && count > 0 ? CheckStatus.Fail : CheckStatus.Pass, maxIngest is null && count > 0 ? "no _ingest_ts" : null),
            CheckResult.Of(Layer, table, "conservation", conservation, unbalanced.Count == 0, conservationMessage),
        ];
    }

    /// <summary>
    /// A key that arrived again is expected (re-sent claims, provider versions, repeated feedback): it passes while the
    /// dataset's Silver table holds no duplicate key (silver_providers: exactly one current row per provider).
    /// </summary>
    private static async Task<(bool Pass, string Message)> ResolvedInSilverAsync(
        ILakeStorage storage, DatasetDefinition dataset, long duplicates, CancellationToken cancellationToken)
    {
        var silver = SilverTables.Get(dataset.Silver.Table);
        var silverDuplicates = dataset.Silver.Rule == SilverRule.VersionsPerKey
            ? await SilverChecks.ProvidersWithoutOneCurrentAsync(storage, cancellationToken).ConfigureAwait(false)
            : await SilverChecks.DuplicateKeysAsync(storage, silver.Path, silver.Key, cancellationToken).ConfigureAwait(false);
        return silverDuplicates == 0
            ? (true, $"{duplicates} keys arrived more than once; resolved in {silver.Name}")
            : (false, $"{duplicates} keys arrived more than once and {silver.Name} holds {silverDuplicates} duplicates too");
    }

    /// <summary>Records read per (relative path, batch id), from the commitInfo of every Bronze commit.</summary>
    private static async Task<Dictionary<(string File, string Batch), long>> RecordedReadsAsync(ILakeStorage storage, string table, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<(string, string), long>();
        var delta = await DeltaTable.OpenAsync(storage, table, cancellationToken).ConfigureAwait(false);
        foreach (var entry in await delta.HistoryAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var parameters = entry.CommitInfo?.OperationParameters;
            if (parameters is null || !parameters.TryGetValue("batchId", out var batchId))
            {
                continue;
            }

            foreach (var (path, read) in RecordsReadParameter.Parse(parameters))
            {
                recorded[(path, batchId)] = read;
            }
        }

        return recorded;
    }

    private static (long Read, List<string> Unbalanced) Conservation(
        Dictionary<(string File, string Batch), FileCount> files, Dictionary<(string File, string Batch), long> recorded)
    {
        long read = 0;
        var unbalanced = new List<string>();
        foreach (var (id, landed) in files)
        {
            // Lakes written before counts were recorded fall back to the highest record position.
            var fileRead = recorded.Remove(id, out var r) ? r : landed.MaxPosition;
            read += fileRead;
            if (fileRead != landed.Rows)
            {
                unbalanced.Add($"{id.File} (submission {id.Batch}: read {fileRead}, landed {landed.Rows})");
            }
        }

        // A file whose reader counted records but that left no row anywhere lost them all.
        foreach (var (id, fileRead) in recorded.Where(r => r.Value != 0))
        {
            read += fileRead;
            unbalanced.Add($"{id.File} (submission {id.Batch}: read {fileRead}, landed 0)");
        }

        return (read, unbalanced);
    }

    private static void Count(
        Dictionary<(string File, string Batch), FileCount> files, Dictionary<string, EventCount> events, object? file, object? batch, object? position)
    {
        if (file is string source && source.StartsWith(EventChecks.SourcePrefix, StringComparison.Ordinal))
        {
            if (!events.TryGetValue(source, out var streamed))
            {
                streamed = new EventCount();
                events[source] = streamed;
            }

            streamed.Seen.Add(position is long p ? p : -1);
            streamed.Rows++;
            return;
        }

        var key = (file as string ?? string.Empty, batch as string ?? string.Empty);
        var current = files.GetValueOrDefault(key);
        files[key] = new FileCount(current.Rows + 1, Math.Max(current.MaxPosition, position is long l ? l : 0));
    }

    private readonly record struct FileCount(long Rows, long MaxPosition);

    private sealed class EventCount
    {
        public HashSet<long> Seen { get; } = [];

        public long Rows { get; set; }
    }
}
