using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Hosting;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// SCD type 1 state of one patient, PHI already removed by the feed (only <see cref="PatientRow"/> ever reaches it).
/// </summary>
/// <remarks>
/// Concurrency: not reentrant, so an apply and an attach never interleave: an encounter attached before an apply is in
/// the set that apply returns for re-enrichment, and one attached after it reads the new attributes. Activations are
/// collected after a short idle time: 100k patients are touched once per submission, not kept in memory.
/// </remarks>
[GrainType("silver-patient")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class PatientGrain(
    [PersistentState("patient", GrainStorageNames.Default)] IPersistentState<PatientState> state) : Grain, IPatientGrain
{
    public async Task<PatientApplied> ApplyAsync(long bronzeVersion, IReadOnlyList<PatientRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var s = state.State;
        if (bronzeVersion == s.LastVersion && s.LastOutcome is not null)
        {
            return s.LastOutcome;
        }

        if (bronzeVersion < s.LastVersion && s.Current is not null)
        {
            return new PatientApplied(s.Current, new List<string>());
        }

        var current = s.Current?.ToMasked();
        var latest = current;
        foreach (var row in rows)
        {
            latest = PatientRules.Latest(latest, row.ToMasked());
        }

        if (latest is null)
        {
            throw new ArgumentException("A patient version needs at least one row.", nameof(rows));
        }

        var dimensionChanged = current is null || current.Gender != latest.Gender || current.BirthYear != latest.BirthYear;
        s.Current = latest.ToMessage();
        s.LastVersion = bronzeVersion;
        s.LastOutcome = new PatientApplied(s.Current, dimensionChanged ? s.Encounters.Order(StringComparer.Ordinal).ToList() : new List<string>());
        await state.WriteStateAsync();
        return s.LastOutcome;
    }

    public async Task<PatientDimension?> AttachAsync(IReadOnlyList<string> encounterIds)
    {
        ArgumentNullException.ThrowIfNull(encounterIds);
        var added = false;
        foreach (var id in encounterIds)
        {
            added |= state.State.Encounters.Add(id);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }

        return state.State.Current is { } c ? new PatientDimension(c.Gender, c.BirthYear) : null;
    }
}
