namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// One patient (key: the patient id): SCD type 1 state of silver_patients, and the static side of the
/// encounters' stream-static join (it remembers which encounters reference it).
/// </summary>
public interface IPatientGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the patient's rows of one Bronze version (latest in arrival order wins). Idempotent: the same version
    /// again returns the outcome it returned the first time; an older version returns the current row unchanged.
    /// </summary>
    Task<PatientApplied> ApplyAsync(long bronzeVersion, IReadOnlyList<PatientRow> rows);

    /// <summary>Remembers that these encounters reference the patient; returns its attributes, or null when unknown.</summary>
    Task<PatientDimension?> AttachAsync(IReadOnlyList<string> encounterIds);
}
