using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;

namespace Kardiaflow.Grains.Silver;

/// <summary>Whether an encounter exists in silver_encounters, for feedback's <c>encounter_missing</c>.</summary>
/// <remarks>Concurrency: not reentrant; a feedback attached before MarkExists is returned by it for re-enrichment.</remarks>
[GrainType("silver-encounter")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class EncounterGrain(
    [PersistentState("encounter", GrainStorageNames.Default)] IPersistentState<EncounterState> state) : Grain, IEncounterGrain
{
    public async Task<IReadOnlyList<string>> MarkExistsAsync()
    {
        if (!state.State.Exists)
        {
            state.State.Exists = true;
            await state.WriteStateAsync();
        }

        return state.State.Feedback.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<bool> AttachAsync(IReadOnlyList<string> feedbackIds)
    {
        ArgumentNullException.ThrowIfNull(feedbackIds);
        var added = false;
        foreach (var id in feedbackIds)
        {
            added |= state.State.Feedback.Add(id);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return state.State.Exists;
    }
}
