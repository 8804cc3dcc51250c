using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The one writer of an enriched table. A fact refresh joins the base rows a feed has just written with their current
/// dimensions; a dimension refresh asks the table's buckets for the enriched rows that name changed dimensions and
/// looks those dimensions up again. Either writes the joined rows through the table's buckets in one commit.
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

    public async Task RefreshAsync(string appId, long version, SilverRows facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var ct = CancellationToken.None;
        var table = await SilverTableAccess.OpenAsync(storage, TableName, ct);
        if (IsCommitted(table, appId, version))
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var rows = facts.Rows;
#pragma warning disable CS8524 // No default arm: a new join with no method here does not build (CS8509).
        var enriched = Join switch
        {
            EnrichedJoin.Patient => await EncountersAsync(rows),
            EnrichedJoin.Provider => await ClaimsAsync(rows),
            EnrichedJoin.ProviderAndVisit => await FeedbackAsync(rows),
        };
#pragma warning restore CS8524
        await WriteAsync(appId, version, rows.Count, enriched, started, TimeSpan.Zero);
    }

    public async Task RefreshDimensionAsync(string appId, long version, string dimensionColumn, IReadOnlyList<string> dimensionIds)
    {
        ArgumentNullException.ThrowIfNull(dimensionColumn);
        ArgumentNullException.ThrowIfNull(dimensionIds);
        var ct = CancellationToken.None;
        var table = await SilverTableAccess.OpenAsync(storage, TableName, ct);
        if (IsCommitted(table, appId, version))
        {
            return;
        }

        // Each bucket reads its own files' dimension column, and whole files only where one names a changed id.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var enriched = dimensionIds.Count == 0 ? [] : await Writer.FindAsync(TableName, dimensionColumn, dimensionIds);
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
        await WriteAsync(appId, version, facts.Count, rows, started, read);
    }

    /// <summary>
    /// A feed's refresh is keyed like its Silver commit: <paramref name="version"/> is a <see cref="SilverBatchKey"/>.
    /// Checked before the lookups and the join so that a redone refresh costs nothing; the write checks again.
    /// </summary>
    private static bool IsCommitted(Lakehouse.DeltaTable table, string appId, long version) =>
        SilverBatchKey.IsCommitted(table.Snapshot.AppTransactions, appId, version);

    private SilverTableWriter Writer => new(GrainFactory, storage, options.Value.Buckets, versionIsBatchKey: true);

    private async Task WriteAsync(string appId, long version, int facts, IReadOnlyList<object?[]> rows, long started, TimeSpan read)
    {
        var joined = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var result = await Writer.WriteAsync(TableName, rows, SilverWriteMode.Upsert, appId, version, CancellationToken.None);
        var total = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        LogRefreshed(logger, TableName, appId, version, facts, result.Inserted, result.Updated,
            (long)read.TotalMilliseconds, (long)(joined - read).TotalMilliseconds, (long)(total - joined).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<object?[]>> EncountersAsync(IReadOnlyList<object?[]> facts)
    {
        var patients = await PatientsAsync(facts.Select(f => f[1] as string));
        return facts.Select(f => Enrichment.Encounter(f, f[1] is string p ? patients.GetValueOrDefault(p) : null)).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> ClaimsAsync(IReadOnlyList<object?[]> facts)
    {
        var providers = await ProvidersAsync(facts.Select(f => f[2] as string));
        return facts.Select(f => Enrichment.Claim(f, f[2] is string p ? providers.GetValueOrDefault(p) : null)).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> FeedbackAsync(IReadOnlyList<object?[]> facts)
    {
        var providers = await ProvidersAsync(facts.Select(f => f[1] as string));
        // Which visits exist is asked of silver_encounters' buckets; an encounter committed after this answer is
        // followed by a visit_id refresh of this table (queued behind this one).
        var visits = facts.Select(f => f[4]).OfType<string>();
        var existing = await Writer.ExistingAsync(SilverTables.Encounters, visits);
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

    /// <summary>The committed gender and birth year of each distinct patient id (null when silver_patients does not hold it), from its buckets.</summary>
    private async Task<Dictionary<string, PatientAttributes?>> PatientsAsync(IEnumerable<string?> patientIds)
    {
        var served = await Writer.ServedAsync(SilverTables.Patients, patientIds.OfType<string>());
        // Served columns of silver_patients: gender, birth_year (SilverTables.Definitions).
        return served.ToDictionary(p => p.Key, p => p.Value is { } v ? new PatientAttributes(v[0] as string, v[1] as int?) : null, StringComparer.Ordinal);
    }

    /// <summary>The current specialty and location of each distinct provider id (null when silver_providers has no version of it), from its buckets.</summary>
    private async Task<Dictionary<string, ProviderAttributes?>> ProvidersAsync(IEnumerable<string?> providerIds)
    {
        var served = await Writer.ServedAsync(SilverTables.Providers, providerIds.OfType<string>());
        // Served columns of silver_providers start with provider_specialty, provider_location (SilverTables.Definitions).
        return served.ToDictionary(p => p.Key, p => p.Value is { } v ? new ProviderAttributes(v[0] as string, v[1] as string) : null, StringComparer.Ordinal);
    }

    [LoggerMessage(EventId = GrainEventIds.EnrichedTable.Refreshed, Level = LogLevel.Information, Message = "Refreshed {Table} for {AppId} version {Version}: {Facts} facts, {Inserted} inserted, {Updated} updated; {ReadMs} ms reading facts, {JoinMs} ms joining, {MergeMs} ms merging")]
    private static partial void LogRefreshed(
        ILogger logger, string table, string appId, long version, int facts, long inserted, long updated, long readMs, long joinMs, long mergeMs);
}
