using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// SCD type 1 state of the patients of one entity partition, PHI already removed by the feed (only
/// <see cref="PatientRow"/> ever reaches it). One grain per partition rather than per patient: a Bronze version then
/// costs one call and one state write per partition, not per patient (docs/adr/entity-partition-grains.md).
/// </summary>
/// <remarks>
/// Concurrency: not reentrant, so an apply and an attach never interleave: an encounter attached before an apply is in
/// the set that apply returns for re-enrichment, and one attached after it reads the new attributes.
/// </remarks>
[GrainType("silver-patients")]
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
            return rows.Select(r => new PatientApplied(s.Current.GetValueOrDefault(r.Id) ?? r, new List<string>())).ToList();
        }

        var outcome = new List<PatientApplied>(rows.Count);
        foreach (var row in rows)
        {
            var current = s.Current.GetValueOrDefault(row.Id)?.ToMasked();
            var latest = PatientRules.Latest(current, row.ToMasked());
            var dimensionChanged = current is null || current.Gender != latest.Gender || current.BirthYear != latest.BirthYear;
            var message = latest.ToMessage();
            s.Current[row.Id] = message;
            outcome.Add(new PatientApplied(message, dimensionChanged ? FactIndex.Of(s.Encounters, row.Id) : new List<string>()));
        }

        s.LastVersion = bronzeVersion;
        s.LastOutcome = outcome;
        await state.WriteStateAsync();
        return outcome;
    }

    public async Task<IReadOnlyList<PatientDimension?>> AttachAsync(IReadOnlyList<FactReferences> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var s = state.State;
        var added = false;
        var dimensions = new List<PatientDimension?>(references.Count);
        foreach (var reference in references)
        {
            added |= FactIndex.Add(s.Encounters, reference.DimensionId, reference.FactIds);
            dimensions.Add(s.Current.TryGetValue(reference.DimensionId, out var c) ? new PatientDimension(c.Gender, c.BirthYear) : null);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return dimensions;
    }
}
