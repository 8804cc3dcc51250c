using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Splits a partition's facts by the page of the grouping key its kind folds them under (a feedback row to the pages of
/// each of its tags, carrying only that page's tags), so a partition folds, writes and stores one page at a time.
/// </summary>
public static class KpiPageRouter
{
    // Runs over every fact of an epoch: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyDictionary<int, KpiFacts> Split(KpiKind kind, KpiFacts facts, int pages)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (kind == KpiKind.EncounterMatch || pages == 1)
        {
            return facts.Count == 0 ? new Dictionary<int, KpiFacts>() : new Dictionary<int, KpiFacts> { [0] = facts };
        }

        var byPage = new Dictionary<int, (List<ClaimFact> Claims, List<EnrichedClaimFact> Enriched, List<EncounterFact> Encounters, List<FeedbackFact> Feedback)>();
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        (List<ClaimFact> Claims, List<EnrichedClaimFact> Enriched, List<EncounterFact> Encounters, List<FeedbackFact> Feedback) At(string? key)
        {
            var text = KpiMath.Key(key);
            if (!memo.TryGetValue(text, out var page))
            {
                page = KpiPages.Page(text, pages);
                memo[text] = page;
            }

            if (!byPage.TryGetValue(page, out var lists))
            {
                lists = ([], [], [], []);
                byPage[page] = lists;
            }

            return lists;
        }

        switch (kind)
        {
            case KpiKind.Patient:
                foreach (var c in facts.Claims)
                {
                    At(c.PatientId).Claims.Add(c);
                }

                foreach (var e in facts.Encounters)
                {
                    At(e.PatientId).Encounters.Add(e);
                }

                break;
            case KpiKind.Provider:
                foreach (var c in facts.Claims)
                {
                    At(c.ProviderId).Claims.Add(c);
                }

                foreach (var f in facts.Feedback)
                {
                    At(f.ProviderId).Feedback.Add(f);
                }

                break;
            case KpiKind.Specialty:
                foreach (var c in facts.EnrichedClaims)
                {
                    At(c.ProviderSpecialty).Enriched.Add(c);
                }

                break;
            case KpiKind.Procedure:
                foreach (var c in facts.Claims)
                {
                    At(c.ProcedureCode).Claims.Add(c);
                }

                break;
            case KpiKind.Tag:
                foreach (var f in facts.Feedback)
                {
                    foreach (var group in (f.Tags ?? []).GroupBy(t => KpiPages.Page(KpiMath.Key(t), pages)))
                    {
                        At(group.First()).Feedback.Add(f with { Tags = group.ToList() });
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return byPage.ToDictionary(p => p.Key, p => new KpiFacts(p.Value.Claims, p.Value.Enriched, p.Value.Encounters, p.Value.Feedback));
    }
}
