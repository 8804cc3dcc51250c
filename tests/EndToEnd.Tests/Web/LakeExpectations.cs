using System.Globalization;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>
/// The values each KPI chart must show, worked out here from the lake's tables (read whole through the Delta engine,
/// rows counted by reading them, not from statistics), independently of the silo's page code, from the definitions
/// the pages state in their notes.
/// </summary>
internal static class LakeExpectations
{
    public static async Task<IReadOnlyList<ExpectedChart>> ClaimsAsync(string lake)
    {
        var spend = await ReadAsync(lake, "gold/gold_provider_7d_spend");
        var daily = spend.Rows.Where(r => r[spend.Ix("spend_date")] is DateOnly)
            .GroupBy(r => (DateOnly)r[spend.Ix("spend_date")]!)
            .ToDictionary(g => g.Key, g => g.Sum(r => (decimal)(r[spend.Ix("daily_spend")] as double? ?? 0)));
        var last = daily.Keys.Max();
        var days = Enumerable.Range(0, 60).Select(i => last.AddDays(i - 59)).ToList();
        var trend = new ExpectedChart("spend-trend", [.. days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            new Dictionary<string, double?[]>
            {
                ["Daily spend"] = [.. days.Select(d => (double?)R2(daily.GetValueOrDefault(d)))],
                ["7-day rolling spend"] = [.. days.Select(d => (double?)R2(Enumerable.Range(0, 7).Sum(b => daily.GetValueOrDefault(d.AddDays(-b)))))],
            });

        var approval = await ReadAsync(lake, "gold/gold_claim_approval_by_specialty");
        var denial = await ReadAsync(lake, "gold/gold_claim_denial_breakdown");
        var denied = denial.Rows.GroupBy(r => Key(r[denial.Ix("provider_specialty")])).ToDictionary(g => g.Key, g => g.Sum(r => (long)r[denial.Ix("denial_count")]!));
        var rates = approval.Rows
            .Select(r => (Specialty: Key(r[approval.Ix("provider_specialty")]), Total: (long)r[approval.Ix("total_claims")]!))
            .Select(s => (s.Specialty, Rate: (double)denied.GetValueOrDefault(s.Specialty) / s.Total))
            .OrderByDescending(s => s.Rate).ThenBy(s => s.Specialty, StringComparer.Ordinal).Take(7).ToList();
        var denialChart = new ExpectedChart("denial-rate", [.. rates.Select(r => r.Specialty)],
            new Dictionary<string, double?[]> { ["Denial rate (%)"] = [.. rates.Select(r => (double?)Math.Round(100 * r.Rate, 2, MidpointRounding.AwayFromZero))] });

        var claims = await ReadAsync(lake, "silver/silver_claims");
        var providers = claims.Rows.Where(r => (string?)r[claims.Ix("claim_status")] == "Approved" && r[claims.Ix("claim_amount")] is double)
            .GroupBy(r => (string)r[claims.Ix("provider_id")]!)
            .Select(g => (Id: g.Key, Spend: g.Sum(r => (decimal)(double)r[claims.Ix("claim_amount")]!)))
            .OrderByDescending(p => p.Spend).ThenBy(p => p.Id, StringComparer.Ordinal).Take(10).ToList();
        var providerChart = new ExpectedChart("top-providers", [.. providers.Select(p => p.Id)],
            new Dictionary<string, double?[]> { ["Approved spend"] = [.. providers.Select(p => (double?)R2(p.Spend))] });

        var highCost = await ReadAsync(lake, "gold/gold_high_cost_procedures");
        var procedures = highCost.Rows.OrderByDescending(r => (double)r[highCost.Ix("avg_claim_amount")]!).ThenBy(r => (string)r[highCost.Ix("procedure_code")]!, StringComparer.Ordinal).ToList();
        var highCostChart = new ExpectedChart("high-cost", [.. procedures.Select(r => (string)r[highCost.Ix("procedure_code")]!)],
            new Dictionary<string, double?[]> { ["Average claim amount"] = [.. procedures.Select(r => (double?)r[highCost.Ix("avg_claim_amount")])] });

        var outliers = await ReadAsync(lake, "gold/gold_claim_amount_outliers");
        var perProcedure = outliers.Rows.GroupBy(r => Key(r[outliers.Ix("procedure_code")]))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var outlierChart = new ExpectedChart("outliers", [.. perProcedure.Select(g => g.Key)],
            new Dictionary<string, double?[]> { ["Outlier claims"] = [.. perProcedure.Select(g => (double?)g.Count())] });
        return [trend, denialChart, providerChart, highCostChart, outlierChart];
    }

    public static async Task<IReadOnlyList<ExpectedChart>> ExperienceAsync(string lake)
    {
        var satisfaction = await ReadAsync(lake, "gold/gold_feedback_satisfaction");
        var bySpecialty = satisfaction.Rows.GroupBy(r => Key(r[satisfaction.Ix("provider_specialty")])).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var scored = g.Where(r => r[satisfaction.Ix("avg_score")] is double).ToList();
                var n = scored.Sum(r => (long)r[satisfaction.Ix("feedback_count")]!);
                return (g.Key, Avg: n == 0 ? (double?)null : Math.Round(scored.Sum(r => (double)r[satisfaction.Ix("avg_score")]! * (long)r[satisfaction.Ix("feedback_count")]!) / n, 2, MidpointRounding.AwayFromZero));
            }).ToList();

        var feedback = await ReadAsync(lake, "silver/silver_feedback_enriched");
        var byLocation = feedback.Rows.GroupBy(r => Key(r[feedback.Ix("provider_location")]))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(15)
            .Select(g =>
            {
                var scores = g.Select(r => r[feedback.Ix("satisfaction_score")]).OfType<int>().ToList();
                return (g.Key, Avg: scores.Count == 0 ? (double?)null : R2((decimal)scores.Sum() / scores.Count));
            }).ToList();

        var tags = await ReadAsync(lake, "gold/gold_feedback_tag_analysis");
        var topTags = tags.Rows.OrderByDescending(r => (long)r[tags.Ix("feedback_count")]!).ThenBy(r => Key(r[tags.Ix("tag")]), StringComparer.Ordinal).Take(10).ToList();

        var match = (await ReadAsync(lake, "gold/gold_feedback_encounter_match")).Rows.Single();
        var (total, withVisit, matched) = ((long)match[0]!, (long)match[1]!, (long)match[2]!);
        return
        [
            new("satisfaction-specialty", [.. bySpecialty.Select(s => s.Key)], new Dictionary<string, double?[]> { ["Average score"] = [.. bySpecialty.Select(s => s.Avg)] }),
            new("satisfaction-location", [.. byLocation.Select(s => s.Key)], new Dictionary<string, double?[]> { ["Average score"] = [.. byLocation.Select(s => s.Avg)] }),
            new("top-tags", [.. topTags.Select(r => Key(r[tags.Ix("tag")]))], new Dictionary<string, double?[]> { ["Feedback"] = [.. topTags.Select(r => (double?)(long)r[tags.Ix("feedback_count")]!)] }),
            new("encounter-match", ["Matched to an encounter", "visit_id not found", "No visit_id"],
                new Dictionary<string, double?[]> { ["Feedback"] = [matched, withVisit - matched, total - withVisit] }),
        ];
    }

    public static async Task<IReadOnlyList<ExpectedChart>> QualityAsync(string lake)
    {
        var smoke = await ReadAsync(lake, "validation/smoke_results");
        var latest = smoke.Rows.GroupBy(r => (string)r[smoke.Ix("layer")]!)
            .SelectMany(g => g.Where(r => (DateTime)r[smoke.Ix("run_ts")]! == g.Max(x => (DateTime)x[smoke.Ix("run_ts")]!))).ToList();
        string[] layers = ["BRONZE", "SILVER", "GOLD"];
        var checks = new ExpectedChart("checks", layers, new[] { "PASS", "FAIL", "ERROR" }.ToDictionary(
            s => s, s => layers.Select(l => (double?)latest.Count(r => (string)r[smoke.Ix("layer")]! == l && (string)r[smoke.Ix("status")]! == s)).ToArray()));

        string[] datasets = ["patients", "encounters", "claims", "providers", "feedback"];
        var bronze = new List<double?>();
        var quarantine = new List<double?>();
        var lag = new List<double?>();
        foreach (var dataset in datasets)
        {
            bronze.Add((await ReadAsync(lake, "bronze/bronze_" + dataset)).Rows.Count);
            quarantine.Add(await TryCountAsync(lake, "_quarantine/bad_" + dataset));
            var bronzeVersion = (await Snapshot.LoadAsync(new LocalLakeStorage(lake), "bronze/bronze_" + dataset, null, CancellationToken.None)).Version;
            var silver = await Snapshot.LoadAsync(new LocalLakeStorage(lake), "silver/silver_" + dataset, null, CancellationToken.None);
            lag.Add(bronzeVersion - silver.AppTransactions.GetValueOrDefault("silver-feed:bronze/bronze_" + dataset, -1));
        }

        return
        [
            checks,
            new("bronze-rows", datasets, new Dictionary<string, double?[]> { ["Rows"] = [.. bronze] }),
            new("quarantine-rows", datasets, new Dictionary<string, double?[]> { ["Quarantined"] = [.. quarantine] }),
            new("feed-lag", datasets, new Dictionary<string, double?[]> { ["Versions behind"] = [.. lag] }),
        ];
    }

    private static async Task<double?> TryCountAsync(string lake, string table)
    {
        try
        {
            return (await ReadAsync(lake, table)).Rows.Count;
        }
        catch (Kardiaflow.Lakehouse.TableNotFoundException)
        {
            return 0;
        }
    }

    private static double R2(decimal value) => (double)Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Key(object? value) => value as string ?? "Unknown";

    private static async Task<LoadedTable> ReadAsync(string lake, string table)
    {
        var contents = await LakeTables.ReadAsync(lake, table);
        return new LoadedTable(contents.Columns, contents.Rows);
    }

    private sealed record LoadedTable(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
    {
        public int Ix(string column) => Columns.ToList().IndexOf(column) is var i and >= 0 ? i : throw new InvalidOperationException($"no column {column}");
    }
}
