namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// The encounter ids of one entity partition (key: the partition number) as a dimension of feedback: which exist in
/// silver_encounters, and which feedback names each as visit_id, so feedback that arrived first is re-enriched when
/// its encounter arrives.
/// </summary>
public interface IEncounterPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Records that these encounters exist; returns the feedback ids that reference any of them.</summary>
    Task<IReadOnlyList<string>> MarkExistsAsync(IReadOnlyList<string> encounterIds);

    /// <summary>
    /// Remembers which feedback references each encounter; returns, per reference and in its order, whether the
    /// encounter exists.
    /// </summary>
    Task<IReadOnlyList<bool>> AttachAsync(IReadOnlyList<FactReferences> references);
}
