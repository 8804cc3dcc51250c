using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;
using Orleans.Placement;

namespace Kardiaflow.Grains.Silver;

/// <summary>SCD type 2 histories (docs/data-contract.md (Silver)) of the providers of one entity partition, applied one Bronze commit at a time.</summary>
/// <remarks>
/// Concurrency: not reentrant, so a dimension lookup sees a batch wholly applied or not at all (see
/// <see cref="PatientPartitionGrain"/> for how facts looked up before an apply are re-enriched).
/// The version check makes a replayed commit return the rows it returned the first time, so a crash between this
/// grain's update and the silver_providers commit gives the same Silver rows on retry.
/// </remarks>
[GrainType("silver-providers")]
// Spread by key over the silos (a stable hash of the grain id), not by momentary load: a cluster of N silos runs the
// parts and partitions N ways (docs/adr/azure-profile-storage.md).
[HashBasedPlacement]
public sealed class ProviderPartitionGrain(
    [PersistentState("providers", GrainStorageNames.Default)] IPersistentState<ProviderPartitionState> state) : Grain, IProviderPartitionGrain
{
    public async Task<IReadOnlyList<ProviderApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<ProviderRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var s = state.State;
        if (bronzeVersion == s.LastVersion && s.LastOutcome is not null)
        {
            return s.LastOutcome;
        }

        if (bronzeVersion < s.LastVersion)
        {
            return new List<ProviderApplied>();
        }

        // Rows come in commit order; a provider changed by several commits of the batch reports each version's final
        // image once (a version opened and closed within the batch is closed).
        var changes = new Dictionary<string, Dictionary<DateTime, ProviderVersionRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var history = s.History.GetValueOrDefault(row.ProviderId) ?? [];
            var step = ProviderScd2.Apply(history.Select(v => v.ToVersion()).ToList(), row.ToRecord());
            s.History[row.ProviderId] = step.History.Select(v => v.ToMessage()).ToList();
            if (!changes.TryGetValue(row.ProviderId, out var changed))
            {
                changed = [];
                changes[row.ProviderId] = changed;
            }

            foreach (var version in step.Changed)
            {
                changed[version.EffStart] = version.ToMessage();
            }
        }

        var outcome = changes.Select(c => new ProviderApplied(c.Key, c.Value.OrderBy(v => v.Key).Select(v => v.Value).ToList())).ToList();
        s.LastVersion = bronzeVersion;
        s.LastOutcome = outcome;
        await state.WriteStateAsync();
        return outcome;
    }

    public Task<IReadOnlyList<ProviderDimension?>> DimensionsAsync(IReadOnlyList<string> providerIds)
    {
        ArgumentNullException.ThrowIfNull(providerIds);
        var history = state.State.History;
        IReadOnlyList<ProviderDimension?> dimensions = providerIds
            .Select(id => history.GetValueOrDefault(id)?.LastOrDefault(v => v.IsCurrent) is { } current
                ? new ProviderDimension(current.Specialty, current.Location)
                : null)
            .ToList();
        return Task.FromResult(dimensions);
    }
}
