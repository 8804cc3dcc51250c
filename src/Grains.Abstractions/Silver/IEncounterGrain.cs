namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// One encounter id (key: the encounter id) as a dimension of feedback: whether it exists in silver_encounters, and
/// which feedback names it as visit_id, so feedback that arrived first is re-enriched when the encounter arrives.
/// </summary>
public interface IEncounterGrain : IGrainWithStringKey
{
    /// <summary>Records that the encounter exists; returns the feedback ids that reference it.</summary>
    Task<IReadOnlyList<string>> MarkExistsAsync();

    /// <summary>Remembers that these feedback rows reference the encounter; returns whether it exists.</summary>
    Task<bool> AttachAsync(IReadOnlyList<string> feedbackIds);
}
