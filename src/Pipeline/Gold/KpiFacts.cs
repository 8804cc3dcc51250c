namespace Kardiaflow.Pipeline.Gold;

/// <summary>The facts of one Gold epoch that one aggregator partition receives, in change-feed order.</summary>
public sealed record KpiFacts(
    IReadOnlyList<ClaimFact> Claims,
    IReadOnlyList<EnrichedClaimFact> EnrichedClaims,
    IReadOnlyList<EncounterFact> Encounters,
    IReadOnlyList<FeedbackFact> Feedback)
{
    public static KpiFacts Empty { get; } = new([], [], [], []);

    public int Count => Claims.Count + EnrichedClaims.Count + Encounters.Count + Feedback.Count;
}
