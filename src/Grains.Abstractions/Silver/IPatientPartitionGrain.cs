namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The patients of one entity partition (key: the partition number, see <c>EntityPartitions</c>): SCD type 1 state
/// of silver_patients, and the static side of the encounters' stream-static join.
/// </summary>
public interface IPatientPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies the latest row of each of these patients (one row per id) in a batch of Bronze versions ending at
    /// <paramref name="bronzeVersion"/>; returns, per row and in its order, the patient's current row and whether the
    /// attributes the enriched encounters take from it changed. Idempotent: the same batch again returns what it
    /// returned the first time.
    /// </summary>
    Task<IReadOnlyList<PatientApplied>> ApplyAsync(long bronzeVersion, IReadOnlyList<PatientRow> rows);

    /// <summary>Per patient id and in its order, the patient's current attributes, or null when the patient is unknown.</summary>
    Task<IReadOnlyList<PatientDimension?>> DimensionsAsync(IReadOnlyList<string> patientIds);
}
