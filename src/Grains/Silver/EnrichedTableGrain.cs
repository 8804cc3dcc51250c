using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Silver;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// The one writer of an enriched table. A refresh reads the named facts from the base Silver table (only from the
/// commit that changed them, when the caller names it) and their dimensions from the entity partition grains
/// (attaching the facts to them), and MERGEs the joined rows.
/// </summary>
/// <remarks>
/// Concurrency: not reentrant, so refreshes run one at a time and each reads the facts and dimensions as they are when
/// it runs. Every change to a fact or a dimension is followed by a refresh of the facts it touches (the fact's feed
/// refreshes after its Silver commit; a dimension's feed refreshes the facts its grain returns), so once the feeds are
/// idle the table equals the join of the current Silver tables, whatever order the refreshes ran in.
/// </remarks>
[GrainType("silver-enriched")]
public sealed partial class EnrichedTableGrain(ILakeStorage storage, ILogger<EnrichedTableGrain> logger) : Grain, IEnrichedTableGrain
{
    private string TableName => this.GetPrimaryKeyString();

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
        var baseTable = await SilverTableAccess.OpenAsync(storage, SilverTables.BaseOf(TableName), ct);
        var wanted = factKeys.ToHashSet(StringComparer.Ordinal);
        var facts = new List<object?[]>();
        if (wanted.Count > 0)
        {
            var source = factsCommittedAt is { } committed
                ? TableChanges.ReadPostImagesAsync(storage, SilverTables.PathOf(SilverTables.BaseOf(TableName)), committed, committed, ct).Select(i => i.Row)
                : SilverTableAccess.ReadAllAsync(baseTable, null, ct);
            await foreach (var row in source)
            {
                if (row[0] is string key && wanted.Contains(key))
                {
                    facts.Add(row);
                }
            }
        }

        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var rows = TableName switch
        {
            SilverTables.EncountersEnriched => await EncountersAsync(facts),
            SilverTables.ClaimsEnriched => await ClaimsAsync(facts),
            SilverTables.FeedbackEnriched => await FeedbackAsync(facts),
            _ => throw new InvalidOperationException($"'{TableName}' is not an enriched Silver table."),
        };
        var joined = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var result = await SilverTableAccess.MergeAsync(table, TableName, rows, appId, version, ct);
        var total = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        LogRefreshed(logger, TableName, appId, version, facts.Count, result.Inserted, result.Updated,
            (long)read.TotalMilliseconds, (long)(joined - read).TotalMilliseconds, (long)(total - joined).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<object?[]>> EncountersAsync(List<object?[]> facts)
    {
        var byPatient = facts.GroupBy(f => (string)f[1]!, StringComparer.Ordinal).ToList();
        var dims = await PartitionFanout.PerItemAsync(References(byPatient), r => r.DimensionId, (partition, mine) =>
            GrainFactory.GetGrain<IPatientPartitionGrain>(partition).AttachAsync(mine));
        var rows = new List<object?[]>(facts.Count);
        for (var i = 0; i < byPatient.Count; i++)
        {
            var patient = dims[i] is { } d ? new PatientAttributes(d.Gender, d.BirthYear) : null;
            rows.AddRange(byPatient[i].Select(f => Enrichment.Encounter(f, patient)));
        }

        return rows;
    }

    private async Task<IReadOnlyList<object?[]>> ClaimsAsync(List<object?[]> facts)
    {
        var providers = await ProvidersAsync(facts, 2, FactKind.Claim);
        return facts.Select(f => Enrichment.Claim(f, providers.GetValueOrDefault((string)f[2]!))).ToList();
    }

    private async Task<IReadOnlyList<object?[]>> FeedbackAsync(List<object?[]> facts)
    {
        var providers = await ProvidersAsync(facts, 1, FactKind.Feedback);
        var byVisit = facts.Where(f => f[4] is string).GroupBy(f => (string)f[4]!, StringComparer.Ordinal).ToList();
        var exists = await PartitionFanout.PerItemAsync(References(byVisit), r => r.DimensionId, (partition, mine) =>
            GrainFactory.GetGrain<IEncounterPartitionGrain>(partition).AttachAsync(mine));
        var existing = byVisit.Where((_, i) => exists[i]).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return facts.Select(f => Enrichment.Feedback(
            f, f[1] is string p ? providers.GetValueOrDefault(p) : null, f[4] is string v && existing.Contains(v))).ToList();
    }

    /// <summary>Current provider attributes for the facts' provider ids (column <paramref name="providerColumn"/>).</summary>
    private async Task<Dictionary<string, ProviderAttributes?>> ProvidersAsync(List<object?[]> facts, int providerColumn, FactKind kind)
    {
        var byProvider = facts.Where(f => f[providerColumn] is string)
            .GroupBy(f => (string)f[providerColumn]!, StringComparer.Ordinal).ToList();
        var dims = await PartitionFanout.PerItemAsync(References(byProvider), r => r.DimensionId, (partition, mine) =>
            GrainFactory.GetGrain<IProviderPartitionGrain>(partition).AttachAsync(kind, mine));
        var result = new Dictionary<string, ProviderAttributes?>(StringComparer.Ordinal);
        for (var i = 0; i < byProvider.Count; i++)
        {
            result[byProvider[i].Key] = dims[i] is { } d ? new ProviderAttributes(d.Specialty, d.Location) : null;
        }

        return result;
    }

    /// <summary>Facts grouped by the dimension id they reference, as the references the partition grains remember.</summary>
    private static List<FactReferences> References(IEnumerable<IGrouping<string, object?[]>> factsByDimension) =>
        factsByDimension.Select(g => new FactReferences(g.Key, g.Select(f => (string)f[0]!).ToList())).ToList();

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Refreshed {Table} for {AppId} version {Version}: {Facts} facts, {Inserted} inserted, {Updated} updated; {ReadMs} ms reading facts, {JoinMs} ms joining, {MergeMs} ms merging")]
    private static partial void LogRefreshed(
        ILogger logger, string table, string appId, long version, int facts, long inserted, long updated, long readMs, long joinMs, long mergeMs);
}
