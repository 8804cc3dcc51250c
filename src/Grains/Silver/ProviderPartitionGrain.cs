using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>SCD type 2 histories (SPEC.md §3) of the providers of one entity partition, applied one Bronze commit at a time.</summary>
/// <remarks>
/// Concurrency: not reentrant, so an apply and an attach never interleave (see <see cref="PatientPartitionGrain"/>).
/// The version check makes a replayed commit return the rows it returned the first time, so a crash between this
/// grain's update and the silver_providers commit gives the same Silver rows on retry.
/// </remarks>
[GrainType("silver-providers")]
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
            return rows.Select(_ => Nothing()).ToList();
        }

        var outcome = new List<ProviderApplied>(rows.Count);
        foreach (var row in rows)
        {
            var history = s.History.GetValueOrDefault(row.ProviderId) ?? [];
            var step = ProviderScd2.Apply(history.Select(v => v.ToVersion()).ToList(), row.ToRecord());
            s.History[row.ProviderId] = step.History.Select(v => v.ToMessage()).ToList();
            outcome.Add(!step.CurrentChanged
                ? Nothing()
                : new ProviderApplied(
                    step.Changed.Select(v => v.ToMessage()).ToList(),
                    FactIndex.Of(s.Claims, row.ProviderId),
                    FactIndex.Of(s.Feedback, row.ProviderId)));
        }

        s.LastVersion = bronzeVersion;
        s.LastOutcome = outcome;
        await state.WriteStateAsync();
        return outcome;
    }

    public async Task<IReadOnlyList<ProviderDimension?>> AttachAsync(FactKind kind, IReadOnlyList<FactReferences> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var s = state.State;
        var index = kind == FactKind.Claim ? s.Claims : s.Feedback;
        var added = false;
        var dimensions = new List<ProviderDimension?>(references.Count);
        foreach (var reference in references)
        {
            added |= FactIndex.Add(index, reference.DimensionId, reference.FactIds);
            var current = s.History.GetValueOrDefault(reference.DimensionId)?.LastOrDefault(v => v.IsCurrent);
            dimensions.Add(current is null ? null : new ProviderDimension(current.Specialty, current.Location));
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return dimensions;
    }

    // State is stored by a JSON serializer that records concrete types: lists, never collection-expression types.
    private static ProviderApplied Nothing() => new(new List<ProviderVersionRow>(), new List<string>(), new List<string>());
}
