using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>SCD type 2 history of one provider (SPEC.md §3), applied one Bronze commit at a time.</summary>
/// <remarks>
/// Concurrency: not reentrant, so an apply and an attach never interleave (see <see cref="PatientGrain"/>). The
/// version check makes a replayed commit return the rows it returned the first time, so a crash between this grain's
/// update and the silver_providers commit gives the same Silver rows on retry.
/// </remarks>
[GrainType("silver-provider")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class ProviderGrain(
    [PersistentState("provider", GrainStorageNames.Default)] IPersistentState<ProviderState> state) : Grain, IProviderGrain
{
    public async Task<ProviderApplied> ApplyAsync(long bronzeVersion, ProviderRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var s = state.State;
        if (bronzeVersion == s.LastVersion && s.LastOutcome is not null)
        {
            return s.LastOutcome;
        }

        if (bronzeVersion < s.LastVersion)
        {
            return Nothing();
        }

        var step = ProviderScd2.Apply(s.History.Select(v => v.ToVersion()).ToList(), row.ToRecord());
        s.History = step.History.Select(v => v.ToMessage()).ToList();
        s.LastVersion = bronzeVersion;
        s.LastOutcome = step.CurrentChanged
            ? new ProviderApplied(
                step.Changed.Select(v => v.ToMessage()).ToList(),
                s.Claims.Order(StringComparer.Ordinal).ToList(),
                s.Feedback.Order(StringComparer.Ordinal).ToList())
            : Nothing();
        await state.WriteStateAsync();
        return s.LastOutcome;
    }

    public async Task<ProviderDimension?> AttachAsync(FactKind kind, IReadOnlyList<string> factIds)
    {
        ArgumentNullException.ThrowIfNull(factIds);
        var set = kind == FactKind.Claim ? state.State.Claims : state.State.Feedback;
        var added = false;
        foreach (var id in factIds)
        {
            added |= set.Add(id);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return state.State.History.LastOrDefault(v => v.IsCurrent) is { } c ? new ProviderDimension(c.Specialty, c.Location) : null;
    }

    // State is stored by a JSON serializer that records concrete types: lists, never collection-expression types.
    private static ProviderApplied Nothing() => new(new List<ProviderVersionRow>(), new List<string>(), new List<string>());

    public Task<IReadOnlyList<ProviderVersionRow>> GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<ProviderVersionRow>>(state.State.History.ToList());
}
