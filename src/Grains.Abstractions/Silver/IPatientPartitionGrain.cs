namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The patients of one entity partition (key: the partition number, see <c>EntityPartitions</c>): SCD type 1 state
/// of silver_patients, and the static side of the encounters' stream-static join (it remembers which encounters
/// reference each patient).
/// </summary>
public interface IPatientPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies the latest row of each of these patients (one row per id) in a batch of Bronze versions ending at
    /// <paramref name="bronzeVersion"/>; returns, per row and in its order, the patient's current row and the encounters
    /// to re-enrich. Idempotent: the same batch again returns what it returned the first time.
    /// </summary>
    Task<IReadOnlyList<PatientApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<PatientRow> rows);

    /// <summary>
    /// Remembers which encounters reference each patient; returns, per reference and in its order, the patient's
    /// attributes, or null when the patient is unknown.
    /// </summary>
    Task<IReadOnlyList<PatientDimension?>> AttachAsync(IReadOnlyList<FactReferences> references);
}
