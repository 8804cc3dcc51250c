using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;

namespace Kardiaflow.Grains.Silver;

/// <summary>Which encounters of one entity partition exist in silver_encounters, for feedback's <c>encounter_missing</c>.</summary>
/// <remarks>Concurrency: not reentrant; feedback attached before MarkExists is returned by it for re-enrichment.</remarks>
[GrainType("silver-encounters")]
public sealed class EncounterPartitionGrain(
    [PersistentState("encounters", GrainStorageNames.Default)] IPersistentState<EncounterPartitionState> state) : Grain, IEncounterPartitionGrain
{
    public async Task<IReadOnlyList<string>> MarkExistsAsync(IReadOnlyList<string> encounterIds)
    {
        ArgumentNullException.ThrowIfNull(encounterIds);
        var s = state.State;
        var added = false;
        var referencing = new List<string>();
        foreach (var id in encounterIds)
        {
            added |= s.Existing.Add(id);
            if (s.Feedback.TryGetValue(id, out var feedback))
            {
                referencing.AddRange(feedback);
            }
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return referencing.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<bool>> AttachAsync(IReadOnlyList<FactReferences> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var s = state.State;
        var added = false;
        var exists = new List<bool>(references.Count);
        foreach (var reference in references)
        {
            added |= FactIndex.Add(s.Feedback, reference.DimensionId, reference.FactIds);
            exists.Add(s.Existing.Contains(reference.DimensionId));
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return exists;
    }
}
