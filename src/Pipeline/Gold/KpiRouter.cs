namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Routes an epoch's facts to the aggregator partitions that own their grouping keys: partition
/// <c>(kind, bucket)</c> owns the keys whose stable hash falls in the bucket. A fact goes to every grouping that uses it
/// (a claim to its patient, provider and procedure); a feedback row to the buckets of each of its tags, carrying only
/// that bucket's tags.
/// </summary>
public static class KpiRouter
{
    public static int Bucket(string key, int buckets) => StableHash.Bucket(key, buckets);

    public static IReadOnlyDictionary<(KpiKind Kind, int Bucket), KpiFacts> Route(KpiFacts facts, int buckets)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var routed = new Dictionary<(KpiKind, int), Builder>();
        Builder At(KpiKind kind, string key) => At2(kind == KpiKind.EncounterMatch ? 0 : Bucket(key, buckets), kind);
        Builder At2(int bucket, KpiKind kind)
        {
            if (!routed.TryGetValue((kind, bucket), out var builder))
            {
                builder = new Builder();
                routed[(kind, bucket)] = builder;
            }

            return builder;
        }

        foreach (var c in facts.Claims)
        {
            At(KpiKind.Patient, KpiMath.Key(c.PatientId)).Claims.Add(c);
            At(KpiKind.Provider, KpiMath.Key(c.ProviderId)).Claims.Add(c);
            At(KpiKind.Procedure, KpiMath.Key(c.ProcedureCode)).Claims.Add(c);
        }

        foreach (var c in facts.EnrichedClaims)
        {
            At(KpiKind.Specialty, KpiMath.Key(c.ProviderSpecialty)).EnrichedClaims.Add(c);
        }

        foreach (var e in facts.Encounters)
        {
            At(KpiKind.Patient, KpiMath.Key(e.PatientId)).Encounters.Add(e);
        }

        foreach (var f in facts.Feedback)
        {
            At(KpiKind.Provider, KpiMath.Key(f.ProviderId)).Feedback.Add(f with { Tags = null });
            At(KpiKind.EncounterMatch, string.Empty).Feedback.Add(f with { Tags = null });
            foreach (var group in (f.Tags ?? []).GroupBy(t => Bucket(KpiMath.Key(t), buckets)))
            {
                At2(group.Key, KpiKind.Tag).Feedback.Add(f with { Tags = group.ToList() });
            }
        }

        return routed.ToDictionary(p => p.Key, p => p.Value.Build());
    }

    public static KpiFacts Concat(IEnumerable<KpiFacts> parts)
    {
        var builder = new Builder();
        foreach (var p in parts)
        {
            builder.Claims.AddRange(p.Claims);
            builder.EnrichedClaims.AddRange(p.EnrichedClaims);
            builder.Encounters.AddRange(p.Encounters);
            builder.Feedback.AddRange(p.Feedback);
        }

        return builder.Build();
    }

    private sealed class Builder
    {
        public List<ClaimFact> Claims { get; } = [];

        public List<EnrichedClaimFact> EnrichedClaims { get; } = [];

        public List<EncounterFact> Encounters { get; } = [];

        public List<FeedbackFact> Feedback { get; } = [];

        public KpiFacts Build() => new(Claims, EnrichedClaims, Encounters, Feedback);
    }
}
