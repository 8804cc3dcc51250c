using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// <c>/kpis/experience</c>: patient experience. Satisfaction by location reads <c>silver_feedback_enriched</c>: the Gold
/// satisfaction table is per specialty, provider and source, with no location.
/// </summary>
internal static class ExperiencePage
{
    public const int TopTags = 10;
    public const int TopLocations = 15;

    public static async Task<(List<KpiChart> Charts, List<KpiTable> Tables)> BuildAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var charts = new List<KpiChart>();
        var tables = new List<KpiTable>();

        var bySpecialty = (await LakeRows.ReadAsync(storage, GoldTables.FeedbackSatisfaction.Path, ["provider_specialty", "feedback_count", "avg_score"], cancellationToken))
            .GroupBy(r => Format.Key(r[0]), StringComparer.Ordinal)
            .Select(g =>
            {
                var scored = g.Where(r => r[2] is double).ToList();
                var weight = scored.Sum(r => (long)r[1]!);
                double? average = weight == 0 ? null : Format.Round2(scored.Sum(r => (double)r[2]! * (long)r[1]!) / weight);
                return (Specialty: g.Key, Feedback: g.Sum(r => (long)r[1]!), Average: average);
            })
            .OrderBy(s => s.Specialty, StringComparer.Ordinal).ToList();
        charts.Add(new KpiChart(
            "satisfaction-specialty", "Satisfaction by specialty", "bar",
            [.. bySpecialty.Select(s => s.Specialty)], [new KpiSeries("Average score", [.. bySpecialty.Select(s => s.Average)])],
            "gold_feedback_satisfaction: avg_score of each (specialty, provider, source) weighted by its feedback_count."));
        tables.Add(new KpiTable(
            "satisfaction-specialty-table", "Satisfaction by specialty", ["specialty", "feedback", "average score"],
            [.. bySpecialty.Select(s => (IReadOnlyList<string?>)[s.Specialty, Format.Number(s.Feedback), Format.Number(s.Average)])]));

        var byLocation = (await LakeRows.ReadAsync(storage, GoldInputs.FeedbackEnriched, ["provider_location", "satisfaction_score"], cancellationToken))
            .GroupBy(r => Format.Key(r[0]), StringComparer.Ordinal)
            .Select(g =>
            {
                var scores = g.Where(r => r[1] is int).Select(r => (int)r[1]!).ToList();
                return (Location: g.Key, Feedback: (long)g.Count(), Average: scores.Count == 0 ? (double?)null : Format.Round2((decimal)scores.Sum() / scores.Count));
            })
            .OrderByDescending(l => l.Feedback).ThenBy(l => l.Location, StringComparer.Ordinal).Take(TopLocations).ToList();
        charts.Add(new KpiChart(
            "satisfaction-location", $"Satisfaction by location (the {TopLocations} with most feedback)", "bar",
            [.. byLocation.Select(l => l.Location)], [new KpiSeries("Average score", [.. byLocation.Select(l => l.Average)])],
            "silver_feedback_enriched: average satisfaction_score per current provider_location ('Unknown' when the provider is not known)."));
        tables.Add(new KpiTable(
            "satisfaction-location-table", "Satisfaction by location", ["location", "feedback", "average score"],
            [.. byLocation.Select(l => (IReadOnlyList<string?>)[l.Location, Format.Number(l.Feedback), Format.Number(l.Average)])]));

        var tags = (await LakeRows.ReadAsync(storage, GoldTables.FeedbackTagAnalysis.Path, ["tag", "feedback_count", "avg_score"], cancellationToken))
            .OrderByDescending(r => (long)r[1]!).ThenBy(r => Format.Key(r[0]), StringComparer.Ordinal).Take(TopTags).ToList();
        charts.Add(new KpiChart(
            "top-tags", $"Top {TopTags} feedback tags", "hbar",
            [.. tags.Select(r => Format.Key(r[0]))], [new KpiSeries("Feedback", [.. tags.Select(r => (double?)(long)r[1]!)])],
            "gold_feedback_tag_analysis: feedback carrying each tag."));
        tables.Add(new KpiTable(
            "top-tags-table", "Top feedback tags", ["tag", "feedback", "average score"],
            [.. tags.Select(r => (IReadOnlyList<string?>)[Format.Key(r[0]), Format.Number((long)r[1]!), Format.Number(r[2] as double?)])]));

        var match = (await LakeRows.ReadAsync(
            storage, GoldTables.FeedbackEncounterMatch.Path,
            ["total_feedback_submissions", "with_visit_id_count", "matched_to_encounter_count", "match_rate_percent"], cancellationToken)).FirstOrDefault();
        var (total, withVisit, matched) = match is null ? (0L, 0L, 0L) : ((long)match[0]!, (long)match[1]!, (long)match[2]!);
        charts.Add(new KpiChart(
            "encounter-match", $"Feedback matched to an encounter: {Format.Number(match?[3] as double?)}%", "doughnut",
            ["Matched to an encounter", "visit_id not found", "No visit_id"],
            [new KpiSeries("Feedback", match is null ? [] : [matched, withVisit - matched, total - withVisit])],
            "gold_feedback_encounter_match: match_rate_percent = matched / all feedback."));
        return (charts, tables);
    }
}
