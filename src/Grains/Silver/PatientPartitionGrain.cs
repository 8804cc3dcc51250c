using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;
using Orleans.Placement;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// SCD type 1 state of the patients of one entity partition, PHI already removed by the feed (only
/// <see cref="PatientRow"/> ever reaches it). One grain per partition rather than per patient: a Bronze version then
/// costs one call and one state write per partition, not per patient (docs/adr/entity-partition-grains.md).
/// </summary>
/// <remarks>
/// Concurrency: not reentrant, so a dimension lookup sees a batch wholly applied or not at all. Encounters whose
/// lookup ran before an apply are re-enriched after it: the feed asks silver_encounters_enriched to refresh the
/// patients the apply changed, and that grain runs refreshes one at a time (see <see cref="EnrichedTableGrain"/>).
/// </remarks>
[GrainType("silver-patients")]
// Spread by key over the silos (a stable hash of the grain id), not by momentary load: a cluster of N silos runs the
// parts and partitions N ways (docs/adr/azure-profile-storage.md).
[HashBasedPlacement]
public sealed class PatientPartitionGrain(
    [PersistentState("patients", GrainStorageNames.Default)] IPersistentState<PatientPartitionState> state) : Grain, IPatientPartitionGrain
{
    public async Task<IReadOnlyList<PatientApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<PatientRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var s = state.State;
        if (bronzeVersion == s.LastVersion && s.LastOutcome is not null)
        {
            return s.LastOutcome;
        }

        if (bronzeVersion < s.LastVersion)
        {
            // Already past this version: the current rows, nothing to re-enrich.
            return rows.Select(r => new PatientApplied(s.Current.GetValueOrDefault(r.Id) ?? r, false)).ToList();
        }

        var outcome = new List<PatientApplied>(rows.Count);
        foreach (var row in rows)
        {
            var current = s.Current.GetValueOrDefault(row.Id)?.ToMasked();
            var latest = PatientRules.Latest(current, row.ToMasked());
            var dimensionChanged = current is null || current.Gender != latest.Gender || current.BirthYear != latest.BirthYear;
            var message = latest.ToMessage().ForState();
            s.Current[row.Id] = message;
            outcome.Add(new PatientApplied(message, dimensionChanged));
        }

        s.LastVersion = bronzeVersion;
        s.LastOutcome = outcome;
        await state.WriteStateAsync();
        return outcome;
    }

    public Task<IReadOnlyList<PatientDimension?>> DimensionsAsync(IReadOnlyList<string> patientIds)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        var current = state.State.Current;
        IReadOnlyList<PatientDimension?> dimensions = patientIds
            .Select(id => current.TryGetValue(id, out var c) ? new PatientDimension(c.Gender, c.BirthYear) : null).ToList();
        return Task.FromResult(dimensions);
    }
}
