using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Routes an epoch's facts to the aggregator partitions that own their grouping keys: partition
/// <c>(kind, bucket)</c> owns the keys whose stable hash falls in the bucket. A fact goes to every grouping that uses it
/// (a claim to its patient, provider and procedure); a feedback row to the buckets of each of its tags, carrying only
/// that bucket's tags.
/// </summary>
public static class KpiRouter
{
    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyDictionary<(KpiKind Kind, int Bucket), KpiFacts> Route(KpiFacts facts, int buckets)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);

        // Builders by [kind][bucket] and buckets memoized per key: an epoch routes hundreds of thousands of facts over a
        // few tens of thousands of distinct keys.
        var routed = new Builder?[Enum.GetValues<KpiKind>().Length][];
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        int BucketOf(string key)
        {
            if (!memo.TryGetValue(key, out var bucket))
            {
                bucket = StableHash.Bucket(key, buckets);
                memo[key] = bucket;
            }

            return bucket;
        }

        Builder At(KpiKind kind, int bucket)
        {
            var byBucket = routed[(int)kind] ??= new Builder?[buckets];
            return byBucket[bucket] ??= new Builder();
        }

        foreach (var c in facts.Claims)
        {
            At(KpiKind.Patient, BucketOf(KpiMath.Key(c.PatientId))).Claims.Add(c);
            At(KpiKind.Provider, BucketOf(KpiMath.Key(c.ProviderId))).Claims.Add(c);
            At(KpiKind.Procedure, BucketOf(KpiMath.Key(c.ProcedureCode))).Claims.Add(c);
        }

        foreach (var c in facts.EnrichedClaims)
        {
            At(KpiKind.Specialty, BucketOf(KpiMath.Key(c.ProviderSpecialty))).EnrichedClaims.Add(c);
        }

        foreach (var e in facts.Encounters)
        {
            At(KpiKind.Patient, BucketOf(KpiMath.Key(e.PatientId))).Encounters.Add(e);
        }

        foreach (var f in facts.Feedback)
        {
            var untagged = f.Tags is null ? f : f with { Tags = null };
            At(KpiKind.Provider, BucketOf(KpiMath.Key(f.ProviderId))).Feedback.Add(untagged);
            At(KpiKind.EncounterMatch, 0).Feedback.Add(untagged);
            foreach (var group in (f.Tags ?? []).GroupBy(t => BucketOf(KpiMath.Key(t))))
            {
                At(KpiKind.Tag, group.Key).Feedback.Add(f with { Tags = group.ToList() });
            }
        }

        var result = new Dictionary<(KpiKind Kind, int Bucket), KpiFacts>();
        for (var kind = 0; kind < routed.Length; kind++)
        {
            for (var bucket = 0; bucket < (routed[kind]?.Length ?? 0); bucket++)
            {
                if (routed[kind]![bucket] is { } builder)
                {
                    result[((KpiKind)kind, bucket)] = builder.Build();
                }
            }
        }

        return result;
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
