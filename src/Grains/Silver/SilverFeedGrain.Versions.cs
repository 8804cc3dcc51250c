using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// One batch of Bronze versions, or one slice of a large version, into Silver, by the dataset's <see cref="SilverRule"/> (docs/data-contract.md, Silver). Every commit of a unit is keyed by its
/// <see cref="SilverBatchKey"/> (<c>version</c> below): the Silver MERGE's txn and the refreshes' txn.
/// </summary>
public sealed partial class SilverFeedGrain
{
    /// <summary>
    /// Consumes <paramref name="rows"/>, the Bronze rows of the unit <paramref name="version"/> (a batch key): the
    /// Silver MERGE with the key's txn, then the dataset's enriched refreshes with the same txn. Returns the unit's counts, and whether its Silver commit was already there (a redo).
    /// </summary>
    private async Task<(VersionCounts Counts, bool AlreadyCommitted)> ProcessBatchAsync(
        DatasetDefinition dataset, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        // Streamed: each dataset keeps only its conformed (for patients: masked) rows, never the batch's Bronze rows.
        var feed = dataset.Silver;
#pragma warning disable CS8524 // Only named rules reach here; without a default arm a new rule with no method here does not build (CS8509).
        var batch = feed.Rule switch
        {
            SilverRule.MaskedLatestPerKey => await PatientsAsync(feed, version, rows, ct),
            SilverRule.VersionsPerKey => await ProvidersAsync(feed, version, rows, ct),
            SilverRule.LatestPerKey => await LatestPerKeyAsync(feed, version, rows, ct),
            SilverRule.FirstPerKey => await FirstPerKeyAsync(feed, version, rows, ct),
        };
#pragma warning restore CS8524

        // The enriched tables have one writer each: the refreshes of different tables run side by side.
        var facts = feed.Refreshes.Any(r => r.IsFactRefresh) ? await FactsAsync(feed, batch, ct) : [];
        await Task.WhenAll(feed.Refreshes.Select(r => r.IsFactRefresh
            ? GrainFactory.GetGrain<IEnrichedTableGrain>(r.Table).RefreshAsync(AppId, version, new SilverRows(facts))
            : RefreshDimensionAsync(r.Table, version, r.DimensionColumn!, batch.ChangedKeys)));
        return (batch.Counts, batch.AlreadyCommitted || batch.Write.AlreadyCommitted);
    }

    /// <summary>
    /// What a rule did with a batch: its Silver write, the keys whose rows changed (what the refreshes look for: facts
    /// by key, or dimension ids), the rows it wrote (the facts an enriched table joins), and the batch's counts.
    /// </summary>
    private sealed record BatchResult(
        SilverWriteResult Write, IReadOnlyCollection<string> ChangedKeys, VersionCounts Counts, IReadOnlyList<object?[]> Written, bool AlreadyCommitted = false);

    private SilverTableWriter Writer => new(GrainFactory, storage, options.Value.Buckets, versionIsBatchKey: true);

    /// <summary>
    /// The base rows an enriched table joins for this batch: what the batch wrote. After a crash between the base
    /// commit and the refresh, a first-occurrence table does not know which of the batch's keys it inserted, so those
    /// facts are the table's current rows of the batch's keys.
    /// </summary>
    private async Task<IReadOnlyList<object?[]>> FactsAsync(SilverFeed feed, BatchResult batch, CancellationToken ct)
    {
        if (feed.Rule != SilverRule.FirstPerKey || !(batch.AlreadyCommitted || batch.Write.AlreadyCommitted))
        {
            return batch.Written;
        }

        var keys = batch.ChangedKeys.ToHashSet(StringComparer.Ordinal);
        var facts = new List<object?[]>();
        var table = await SilverTableAccess.OpenAsync(storage, feed.Table, ct);
        await foreach (var row in SilverTableAccess.ReadAllAsync(table, null, ct))
        {
            if (row[0] is string key && keys.Contains(key))
            {
                facts.Add(row);
            }
        }

        return facts;
    }

    private async Task<BatchResult> PatientsAsync(SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
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

        // The table is the patients' SCD1 state (docs/adr/silver-entity-state.md): batches come in Bronze order, so a
        // batch's latest row of a patient replaces the table's; the buckets rewrite only the files holding its keys.
        var written = latestById.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p.ToRow()).ToList();
        var write = await Writer.WriteAsync(feed.Table, written, SilverWriteMode.Upsert, AppId, version, ct);
        // Which patients' gender or birth year changed (or are new), as the buckets saw it; a batch committed before
        // (a redo) does not know, so every patient of the batch is refreshed (the refresh rewrites only changed rows).
        IReadOnlyCollection<string> changed = write.ServedChanged ?? (IReadOnlyCollection<string>)latestById.Keys;
        return new(write, changed, new VersionCounts(read, nullKeys, 0, read - nullKeys - latestById.Count), written);
    }

    private async Task<BatchResult> ProvidersAsync(SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
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

        // SCD2 is per commit: each Bronze version's last row per provider, applied in version order, each to the
        // provider's current version as silver_providers holds it (the table is the providers' state; its buckets
        // serve the current versions: docs/adr/silver-entity-state.md).
        var last = records.GroupBy(r => r.Arrival.CommitVersion).OrderBy(g => g.Key)
            .SelectMany(ProviderScd2.LastPerProvider).ToList();
        var (stateVersion, served) = await Writer.ServedAtAsync(feed.Table, last.Select(r => r.ProviderId));
        var current = served.ToDictionary(p => p.Key, p => p.Value is { } v ? CurrentVersion(p.Key, v) : null, StringComparer.Ordinal);
        // A provider changed by several commits of the batch reports each version's final image once (a version opened
        // and closed within the batch is closed).
        var changes = new Dictionary<string, SortedDictionary<DateTime, ProviderVersion>>(StringComparer.Ordinal);
        foreach (var record in last)
        {
            var before = current[record.ProviderId];
            var step = ProviderScd2.Apply(before is null ? [] : [before], record);
            if (step.Changed.Count == 0)
            {
                continue;
            }

            current[record.ProviderId] = ProviderScd2.Current(step.History);
            if (!changes.TryGetValue(record.ProviderId, out var versions))
            {
                versions = [];
                changes[record.ProviderId] = versions;
            }

            foreach (var changedVersion in step.Changed)
            {
                versions[changedVersion.EffStart] = changedVersion;
            }
        }

        var changed = changes.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Values).Select(v => v.ToRow()).ToList();
        var write = await Writer.WriteAsync(feed.Table, changed, SilverWriteMode.Upsert, AppId, version, ct, stateVersion);
        // A batch committed before (a redo) read the versions it had already written, so it does not know which providers
        // it changed: all of the batch's providers are refreshed (the refreshes rewrite only rows that change).
        IReadOnlyCollection<string> providers = write.AlreadyCommitted ? served.Keys : changes.Keys;
        var nullKeys = read - records.Count;
        return new(write, providers, new VersionCounts(read, nullKeys, 0, records.Count - last.Count), changed);
    }

    /// <summary>A provider's current version from the served columns of silver_providers (SilverTables.Definitions).</summary>
    private static ProviderVersion CurrentVersion(string providerId, object?[] served) =>
        new(providerId, served[0] as string, served[1] as string, (DateTime)served[2]!, null, true, served[3] as string, (string)served[4]!);

    private async Task<BatchResult> LatestPerKeyAsync(SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        var conform = feed.Conform ?? throw new InvalidOperationException($"The Silver feed of {feed.Table} has no row rule.");
        var (latest, read, nullKeys) = await LatestByKeyAsync(rows, conform);
        var write = await Writer.WriteAsync(feed.Table, latest, SilverWriteMode.Upsert, AppId, version, ct);
        var ids = latest.Select(r => (string)r[0]!).ToList();
        return new(write, ids, new VersionCounts(read, nullKeys, 0, read - nullKeys - latest.Count), latest);
    }

    private async Task<BatchResult> FirstPerKeyAsync(SilverFeed feed, long version, IAsyncEnumerable<BronzeRow> rows, CancellationToken ct)
    {
        // First occurrence in arrival order wins, within the version and against what the table already holds (the
        // buckets skip keys they hold).
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

        var candidates = first.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => conform(f.Value)).OfType<object?[]>().ToList();
        var write = await Writer.WriteAsync(feed.Table, candidates, SilverWriteMode.InsertIfAbsent, AppId, version, ct);
        var inserted = write.SkippedKeys.Count == 0 ? candidates : candidates.Where(r => !write.SkippedKeys.Contains((string)r[0]!)).ToList();
        var duplicates = read - nullKeys - first.Count + write.SkippedKeys.Count;
        return new(write, first.Keys, new VersionCounts(read, nullKeys, duplicates, 0), inserted);
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

    private Task RefreshDimensionAsync(string enrichedTable, long version, string dimensionColumn, IEnumerable<string> dimensionIds) =>
        GrainFactory.GetGrain<IEnrichedTableGrain>(enrichedTable).RefreshDimensionAsync(AppId, version, dimensionColumn, dimensionIds.Distinct(StringComparer.Ordinal).ToList());
}
