using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// One batch of Bronze versions into Silver, by the dataset's <see cref="SilverRule"/> (docs/data-contract.md, Silver). Every call and commit of a batch is keyed by its
/// last version (<c>version</c> below): the partition grains' replay check, the Silver MERGE's txn, the refreshes' txn.
/// </summary>
public sealed partial class SilverFeedGrain
{
    /// <summary>
    /// Consumes Bronze versions <paramref name="from"/> to <paramref name="version"/>: entity grains first (idempotent
    /// per batch), then the Silver MERGE with the txn, then the dataset's enriched refreshes with the same txn. Returns
    /// the batch's counts; null when the Silver commit was already there and its counts were recorded before.
    /// </summary>
    private async Task<VersionCounts?> ProcessBatchAsync(DatasetDefinition dataset, DeltaTable silver, long from, long version, CancellationToken ct)
    {
        // Streamed: each dataset keeps only its conformed (for patients: masked) rows, never the batch's Bronze rows.
        var rows = BronzeChangeReader.ReadVersionsAsync(storage, dataset, from, version, ct);
        var feed = dataset.Silver;
#pragma warning disable CS8524 // Only named rules reach here; without a default arm a new rule with no method here does not build (CS8509).
        var batch = feed.Rule switch
        {
            SilverRule.MaskedLatestPerKey => await PatientsAsync(silver, feed, version, rows, ct),
            SilverRule.VersionsPerKey => await ProvidersAsync(silver, feed, version, rows, ct),
            SilverRule.LatestPerKey => await LatestPerKeyAsync(silver, feed, version, rows, ct),
            SilverRule.FirstPerKey => await FirstPerKeyAsync(silver, feed, version, rows, ct),
        };
#pragma warning restore CS8524

        // The enriched tables have one writer each: the refreshes of different tables run side by side.
        await Task.WhenAll(feed.Refreshes.Select(r => r.IsFactRefresh
            ? RefreshAsync(r.Table, version, batch.ChangedKeys, CommittedBy(batch.Merge))
            : RefreshDimensionAsync(r.Table, version, r.DimensionColumn!, batch.ChangedKeys)));
        return Counts(batch.AlreadyCommitted || batch.Merge.AlreadyCommitted, version, batch.Counts);
    }

    /// <summary>
    /// What a rule did with a batch: its Silver merge, the keys whose rows changed (what the refreshes look for: facts
    /// by key, or dimension ids), and the batch's counts.
    /// </summary>
    private sealed record BatchResult(MergeResult Merge, IReadOnlyCollection<string> ChangedKeys, VersionCounts Counts, bool AlreadyCommitted = false);

    private async Task<BatchResult> PatientsAsync(DeltaTable silver, SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        // Masking happens here, first: nothing but MaskedPatient (no PHI) goes further.
        var latestById = new Dictionary<string, MaskedPatient>(StringComparer.Ordinal);
        long read = 0, nullKeys = 0;
        await foreach (var row in rows)
        {
            read++;
            if (PatientRules.Mask(row) is not { } patient)
            {
                nullKeys++;
                continue;
            }

            latestById[patient.Id] = PatientRules.Latest(latestById.GetValueOrDefault(patient.Id), patient);
        }

        var latest = latestById.Values.ToList();
        var applied = await PartitionFanout.PerItemAsync(latest, p => p.Id, (partition, mine) =>
            GrainFactory.GetGrain<IPatientPartitionGrain>(partition).ApplyAsync(version, mine.Select(p => p.ToMessage()).ToList()));
        var merge = await SilverTableAccess.MergeAsync(
            silver, feed.Table, applied.Select(a => a.Current.ToMasked().ToRow()).ToList(), AppId, version, ct);
        var changed = applied.Where(a => a.DimensionChanged).Select(a => a.Current.Id).ToList();
        return new(merge, changed, new VersionCounts(read, nullKeys, 0, read - nullKeys - latest.Count));
    }

    private async Task<BatchResult> ProvidersAsync(DeltaTable silver, SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        var records = new List<ProviderRecord>();
        long read = 0;
        await foreach (var row in rows)
        {
            read++;
            if (ProviderRecord.From(row) is { } record)
            {
                records.Add(record);
            }
        }

        // SCD2 is per commit: each Bronze version's last row per provider, applied in version order.
        var last = records.GroupBy(r => r.Arrival.CommitVersion).OrderBy(g => g.Key)
            .SelectMany(ProviderScd2.LastPerProvider).ToList();
        var applied = (await PartitionFanout.PerPartitionAsync(last, r => r.ProviderId, (partition, mine) =>
            GrainFactory.GetGrain<IProviderPartitionGrain>(partition).ApplyAsync(version, mine.Select(r => r.ToMessage()).ToList()))).SelectMany(a => a).ToList();
        var changed = applied.SelectMany(a => a.Changed).Select(v => v.ToVersion().ToRow()).ToList();
        var merge = await SilverTableAccess.MergeAsync(silver, feed.Table, changed, AppId, version, ct);
        var providers = applied.Where(a => a.Changed.Count > 0).Select(a => a.ProviderId).ToList();
        var nullKeys = read - records.Count;
        return new(merge, providers, new VersionCounts(read, nullKeys, 0, records.Count - last.Count));
    }

    private async Task<BatchResult> LatestPerKeyAsync(DeltaTable silver, SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        var conform = feed.Conform ?? throw new InvalidOperationException($"The Silver feed of {feed.Table} has no row rule.");
        var (latest, read, nullKeys) = await LatestByKeyAsync(rows, conform);
        var merge = await SilverTableAccess.MergeAsync(silver, feed.Table, latest, AppId, version, ct);
        var ids = latest.Select(r => (string)r[0]!).ToList();
        return new(merge, ids, new VersionCounts(read, nullKeys, 0, read - nullKeys - latest.Count));
    }

    private async Task<BatchResult> FirstPerKeyAsync(DeltaTable silver, SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        // First occurrence in arrival order wins, within the version and against what the table already holds.
        var conform = feed.Conform ?? throw new InvalidOperationException($"The Silver feed of {feed.Table} has no row rule.");
        var key = SilverTables.KeyOf(feed.Table)[0];
        var first = new Dictionary<string, BronzeRow>(StringComparer.Ordinal);
        long read = 0, nullKeys = 0;
        await foreach (var row in rows)
        {
            read++;
            if (row.Text(key) is not { Length: > 0 } id || string.IsNullOrWhiteSpace(id))
            {
                nullKeys++;
            }
            else if (!first.TryGetValue(id, out var seen) || row.Arrival < seen.Arrival)
            {
                first[id] = row;
            }
        }

        var alreadyCommitted = await SilverTableAccess.CommittedVersionAsync(silver, AppId, ct) >= version;
        var duplicates = read - nullKeys - first.Count;
        var inserts = new List<object?[]>();
        if (!alreadyCommitted)
        {
            var existing = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in SilverTableAccess.ReadAllAsync(silver, [key], ct))
            {
                if (row[0] is string id && first.ContainsKey(id))
                {
                    existing.Add(id);
                }
            }

            duplicates += existing.Count;
            inserts = first.Where(f => !existing.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => conform(f.Value)).OfType<object?[]>().ToList();
        }

        var merge = await SilverTableAccess.MergeAsync(silver, feed.Table, inserts, AppId, version, ct);
        return new(merge, first.Keys, new VersionCounts(read, nullKeys, duplicates, 0), alreadyCommitted);
    }

    /// <summary>SCD1 within one batch: the latest row per key in arrival order; rows read and rows the rule drops are counted.</summary>
    private static async Task<(List<object?[]> Rows, long Read, long NullKeys)> LatestByKeyAsync(IAsyncEnumerable<BronzeRow> rows, Func<BronzeRow, object?[]?> conform)
    {
        var latest = new Dictionary<string, (ArrivalOrder Arrival, object?[] Row)>(StringComparer.Ordinal);
        long read = 0, nullKeys = 0;
        await foreach (var row in rows)
        {
            read++;
            if (conform(row) is not { } silver)
            {
                nullKeys++;
                continue;
            }

            var key = (string)silver[0]!;
            if (!latest.TryGetValue(key, out var seen) || row.Arrival > seen.Arrival)
            {
                latest[key] = (row.Arrival, silver);
            }
        }

        return ([.. latest.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Row)], read, nullKeys);
    }

    private Task RefreshAsync(string enrichedTable, long version, IEnumerable<string> keys, long? factsCommittedAt) =>
        GrainFactory.GetGrain<IEnrichedTableGrain>(enrichedTable).RefreshAsync(AppId, version, keys.Distinct(StringComparer.Ordinal).ToList(), factsCommittedAt);

    private Task RefreshDimensionAsync(string enrichedTable, long version, string dimensionColumn, IEnumerable<string> dimensionIds) =>
        GrainFactory.GetGrain<IEnrichedTableGrain>(enrichedTable).RefreshDimensionAsync(AppId, version, dimensionColumn, dimensionIds.Distinct(StringComparer.Ordinal).ToList());

    /// <summary>
    /// The base-table version whose change data holds exactly the facts a merge changed: only when this merge made the
    /// commit (on a redo the facts may have been merged by the crashed attempt and are read from the table).
    /// </summary>
    private static long? CommittedBy(MergeResult merge) => merge.AlreadyCommitted || merge.Inserted + merge.Updated == 0 ? null : merge.Version;

    /// <summary>
    /// The counts of a version, unless its Silver commit was made before (a redo) and its counts are already recorded.
    /// </summary>
    private VersionCounts? Counts(bool alreadyCommitted, long version, VersionCounts counts) =>
        alreadyCommitted && state.State.Counts.ContainsKey(version) ? null : counts;
}
