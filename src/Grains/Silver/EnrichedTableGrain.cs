using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The one writer of an enriched table. A fact refresh reads the named facts from the base Silver table (only from the
/// commit that changed them, when the caller names it) and joins their current dimensions; a dimension refresh finds
/// the enriched rows that name changed dimensions and looks those dimensions up again. Either MERGEs the joined rows.
/// </summary>
/// <remarks>
/// Concurrency: not reentrant, so refreshes run one at a time, and that is what keeps the table equal to the join of
/// the current Silver tables once the feeds are idle. A feed asks for a fact refresh after its base-table commit, and
/// for a dimension refresh after the dimension grains (or silver_encounters) changed. A fact refresh that looked a
/// dimension up before it changed has committed before the dimension refresh runs, so that refresh finds its row;
/// one that runs after reads the new dimension.
/// </remarks>
[GrainType("silver-enriched")]
public sealed partial class EnrichedTableGrain(ILakeStorage storage, IOptions<SilverOptions> options, ILogger<EnrichedTableGrain> logger)
    : Grain, IEnrichedTableGrain
{
    private string TableName => this.GetPrimaryKeyString();

    private SilverTable Definition => SilverTables.Get(TableName);

    private EnrichedJoin Join => Definition.Join ?? throw new InvalidOperationException($"'{TableName}' is not an enriched Silver table.");

    private int FactWidth => SilverTables.SchemaOf(SilverTables.BaseOf(TableName)).Fields.Count;

    public async Task RefreshAsync(string appId, long version, IReadOnlyList<string> factKeys, long? factsCommittedAt)
    {
        ArgumentNullException.ThrowIfNull(factKeys);
        var ct = CancellationToken.None;
        var table = await SilverTableAccess.OpenAsync(storage, TableName, ct);
        if (await SilverTableAccess.CommittedVersionAsync(table, appId, ct) >= version)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var wanted = factKeys.ToHashSet(StringComparer.Ordinal);
        var facts = new List<object?[]>();
        if (wanted.Count > 0)
        {
            var source = factsCommittedAt is { } committed
                ? TableChanges.ReadPostImagesAsync(storage, SilverTables.PathOf(SilverTables.BaseOf(TableName)), committed, committed, ct).Select(i => i.Row)
                : SilverTableAccess.ReadAllAsync(await SilverTableAccess.OpenAsync(storage, SilverTables.BaseOf(TableName), ct), null, ct);
            await foreach (var row in source)
            {
                if (row[0] is string key && wanted.Contains(key))
                {
                    facts.Add(row);
                }
            }
        }

        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
#pragma warning disable CS8524 // No default arm: a new join with no method here does not build (CS8509).
        var rows = Join switch
        {
            EnrichedJoin.Patient => await EncountersAsync(facts),
            EnrichedJoin.Provider => await ClaimsAsync(facts),
            EnrichedJoin.ProviderAndVisit => await FeedbackAsync(facts, ct),
        };
#pragma warning restore CS8524
        await MergeAsync(table, appId, version, facts.Count, rows, started, read);
    }

    public async Task RefreshDimensionAsync(string appId, long version, string dimensionColumn, IReadOnlyList<string> dimensionIds)
    {
        ArgumentNullException.ThrowIfNull(dimensionColumn);
        ArgumentNullException.ThrowIfNull(dimensionIds);
        var ct = CancellationToken.None;
        var table = await SilverTableAccess.OpenAsync(storage, TableName, ct);
        if (await SilverTableAccess.CommittedVersionAsync(table, appId, ct) >= version)
        {
            return;
        }

        // A late dimension can name millions of enriched rows: they are re-enriched a batch's worth of rows at a time,
        // each chunk its own MERGE and only the last carrying the txn. A redo after a crash repeats the chunks already
        // merged, which then change nothing (the rows are equal).
        var chunkRows = (int)Math.Min(options.Value.MaxRowsPerBatch, int.MaxValue);
        var chunk = new List<object?[]>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await foreach (var row in TableReader.ReadMatchingAsync(table.Snapshot, dimensionColumn, dimensionIds.ToHashSet<object>(), ct))
        {
            chunk.Add(row);
            if (chunk.Count == chunkRows)
            {
                await RefreshChunkAsync(table, null, version, dimensionColumn, chunk, started);
                chunk = [];
                started = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }

        await RefreshChunkAsync(table, appId, version, dimensionColumn, chunk, started);
    }

    private async Task RefreshChunkAsync(DeltaTable table, string? appId, long version, string dimensionColumn, List<object?[]> enriched, long started)
    {
        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var facts = enriched.Select(r => r[..FactWidth]).ToList();
        var rows = (Join, dimensionColumn) switch
        {
            (EnrichedJoin.Patient, "patient_id") => await EncountersAsync(facts),
            (EnrichedJoin.Provider, "provider_id") => await ClaimsAsync(facts),
            // Feedback has two dimensions: the one that changed is looked up, the other is kept from the enriched row.
            (EnrichedJoin.ProviderAndVisit, "provider_id") => await FeedbackProvidersAsync(facts, enriched),
            (EnrichedJoin.ProviderAndVisit, "visit_id") => enriched.Select(r => Enrichment.Feedback(r[..FactWidth], ProviderOf(r), encounterExists: true)).ToList(),
            _ => throw new ArgumentException($"'{dimensionColumn}' is not a dimension of '{TableName}'.", nameof(dimensionColumn)),
        };
        await MergeAsync(table, appId, version, facts.Count, rows, started, read);
    }

    private async Task MergeAsync(DeltaTable table, string? appId, long version, int facts, IReadOnlyList<object?[]> rows, long started, TimeSpan read)
    {
        var joined = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var result = await SilverTableAccess.MergeAsync(table, TableName, rows, appId, version, CancellationToken.None);
        var total = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        LogRefreshed(logger, TableName, appId ?? "(chunk)", version, facts, result.Inserted, result.Updated,
            (long)read.TotalMilliseconds, (long)(joined - read).TotalMilliseconds, (long)(total - joined).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<object?[]>> EncountersAsync(List<object?[]> facts)
    {
        var patients = await PatientsAsync(facts.Select(f => f[1] as string));
        return facts.Select(f => Enrichment.Encounter(f, f[1] is string p ? patients.GetValueOrDefault(p) : null)).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> ClaimsAsync(List<object?[]> facts)
    {
        var providers = await ProvidersAsync(facts.Select(f => f[2] as string));
        return facts.Select(f => Enrichment.Claim(f, f[2] is string p ? providers.GetValueOrDefault(p) : null)).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> FeedbackAsync(List<object?[]> facts, CancellationToken ct)
    {
        var providers = await ProvidersAsync(facts.Select(f => f[1] as string));
        var visits = facts.Select(f => f[4]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        if (visits.Count > 0)
        {
            // Which visits exist is read from silver_encounters' key column; an encounter committed after this read is
            // followed by a visit_id refresh of this table (queued behind this one).
            var encounters = await SilverTableAccess.OpenAsync(storage, SilverTables.Encounters, ct);
            await foreach (var row in SilverTableAccess.ReadAllAsync(encounters, ["encounter_id"], ct))
            {
                if (row[0] is string id && visits.Contains(id))
                {
                    existing.Add(id);
                }
            }
        }

        return facts.Select(f => Enrichment.Feedback(
            f, f[1] is string p ? providers.GetValueOrDefault(p) : null, f[4] is string v && existing.Contains(v))).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> FeedbackProvidersAsync(List<object?[]> facts, List<object?[]> enriched)
    {
        var providers = await ProvidersAsync(facts.Select(f => f[1] as string));
        // encounter_missing is the last of the four columns Enrichment.Feedback appends.
        var encounterMissing = FactWidth + 3;
        return facts.Select((f, i) => Enrichment.Feedback(
            f, f[1] is string p ? providers.GetValueOrDefault(p) : null, enriched[i][encounterMissing] is false)).ToList();
    }

    /// <summary>The provider columns an enriched feedback row already holds (null when it was missing).</summary>
    private ProviderAttributes? ProviderOf(object?[] enrichedFeedback) =>
        enrichedFeedback[FactWidth + 2] is true ? null : new ProviderAttributes(enrichedFeedback[FactWidth] as string, enrichedFeedback[FactWidth + 1] as string);

    private Task<Dictionary<string, PatientAttributes?>> PatientsAsync(IEnumerable<string?> patientIds) =>
        LookupAsync(patientIds, (partition, mine) => GrainFactory.GetGrain<IPatientPartitionGrain>(partition).DimensionsAsync(mine),
            d => new PatientAttributes(d.Gender, d.BirthYear));

    private Task<Dictionary<string, ProviderAttributes?>> ProvidersAsync(IEnumerable<string?> providerIds) =>
        LookupAsync(providerIds, (partition, mine) => GrainFactory.GetGrain<IProviderPartitionGrain>(partition).DimensionsAsync(mine),
            d => new ProviderAttributes(d.Specialty, d.Location));

    /// <summary>The current attributes of the distinct ids (nulls skipped), each partition grain asked once; null when unknown.</summary>
    private static async Task<Dictionary<string, TAttributes?>> LookupAsync<TDimension, TAttributes>(
        IEnumerable<string?> ids, Func<int, IReadOnlyList<string>, Task<IReadOnlyList<TDimension?>>> lookup, Func<TDimension, TAttributes> attributes)
        where TDimension : class
        where TAttributes : class
    {
        var distinct = ids.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = await PartitionFanout.PerItemAsync(distinct, id => id, lookup);
        var result = new Dictionary<string, TAttributes?>(distinct.Count, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            result[distinct[i]] = found[i] is { } d ? attributes(d) : null;
        }

        return result;
    }

    [LoggerMessage(EventId = GrainEventIds.EnrichedTable.Refreshed, Level = LogLevel.Information, Message = "Refreshed {Table} for {AppId} version {Version}: {Facts} facts, {Inserted} inserted, {Updated} updated; {ReadMs} ms reading facts, {JoinMs} ms joining, {MergeMs} ms merging")]
    private static partial void LogRefreshed(
        ILogger logger, string table, string appId, long version, int facts, long inserted, long updated, long readMs, long joinMs, long mergeMs);
}
