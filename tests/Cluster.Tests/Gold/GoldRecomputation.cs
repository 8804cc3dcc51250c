using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Every Gold table recomputed from scratch with the docs/data-contract.md (Gold) definitions, in plain LINQ over the current Silver rows
/// read back from the Delta tables. Independent of the incremental code: only the rounding rule is shared.
/// </summary>
internal static class GoldRecomputation
{
    private static double R(decimal v, int digits) => (double)Math.Round(v, digits, MidpointRounding.AwayFromZero);

    private static string K(object? v) => (string?)v ?? "Unknown";

    public static async Task<Dictionary<string, List<object?[]>>> ComputeAsync(SilverLake silver, DateOnly today)
    {
        var (cs, claims) = await silver.ReadWithSchemaAsync("silver/silver_claims");
        var (es, enriched) = await silver.ReadWithSchemaAsync("silver/silver_claims_enriched");
        var (ns, encounters) = await silver.ReadWithSchemaAsync("silver/silver_encounters_enriched");
        var (fs, feedback) = await silver.ReadWithSchemaAsync("silver/silver_feedback_enriched");
        int C(Lakehouse.Schema.StructType s, string n) => s.IndexOf(n) is var i and >= 0 ? i : throw new InvalidOperationException($"no column {n}");
        var (cId, cPat, cProv, cAmt, cDate, cProc, cStatus) = (C(cs, "claim_id"), C(cs, "patient_id"), C(cs, "provider_id"), C(cs, "claim_amount"), C(cs, "claim_date"), C(cs, "procedure_code"), C(cs, "claim_status"));
        var (eSpec, eStatus, eDiag) = (C(es, "provider_specialty"), C(es, "claim_status"), C(es, "diagnosis_code"));
        var (nPat, nStart) = (C(ns, "patient_id"), C(ns, "START_TS"));
        var (fProv, fSpec, fSource, fScore, fTags, fVisit, fMissing) = (C(fs, "provider_id"), C(fs, "provider_specialty"), C(fs, "source"), C(fs, "satisfaction_score"), C(fs, "tags"), C(fs, "visit_id"), C(fs, "encounter_missing"));
        decimal M(object? v) => (decimal)(double)v!;

        var result = new Dictionary<string, List<object?[]>>();
        result[GoldTables.PatientLifecycle.Name] = encounters.Where(r => r[nStart] is not null).GroupBy(r => K(r[nPat])).Select(g =>
        {
            var first = g.Min(r => (DateTime)r[nStart]!);
            var last = g.Max(r => (DateTime)r[nStart]!);
            var lifetime = (last.Date - first.Date).Days;
            var count = (long)g.Count();
            return new object?[]
            {
                g.Key, first, last, lifetime, count, count == 1 ? "new" : "returning", count == 1 ? null : R((decimal)lifetime / (count - 1), 2),
                today.DayNumber - DateOnly.FromDateTime(last).DayNumber,
            };
        }).ToList();

        result[GoldTables.ClaimApprovalBySpecialty.Name] = enriched.GroupBy(r => K(r[eSpec])).Select(g =>
        {
            long total = g.Count(), approved = g.Count(r => (string?)r[eStatus] == "Approved");
            return new object?[] { g.Key, total, approved, R((decimal)approved / total, 4) };
        }).ToList();

        var denied = enriched.Where(r => (string?)r[eStatus] == "Denied").ToList();
        result[GoldTables.ClaimDenialBreakdown.Name] = denied.GroupBy(r => (K(r[eSpec]), K(r[eDiag]))).Select(g =>
        {
            var ofSpecialty = denied.Count(r => K(r[eSpec]) == g.Key.Item1);
            return new object?[] { g.Key.Item1, g.Key.Item2, (long)g.Count(), R((decimal)g.Count() / ofSpecialty, 4) };
        }).ToList();

        result[GoldTables.HighCostProcedures.Name] = claims.Where(r => (string?)r[cStatus] == "Approved" && r[cAmt] is not null)
            .GroupBy(r => K(r[cProc])).Where(g => g.Count() >= 3)
            .Select(g => (Code: g.Key, Avg: g.Sum(r => M(r[cAmt])) / g.Count(), Count: (long)g.Count()))
            .OrderByDescending(p => p.Avg).ThenBy(p => p.Code, StringComparer.Ordinal).Take(10)
            .Select(p => new object?[] { p.Code, R(p.Avg, 2), p.Count }).ToList();

        result[GoldTables.RapidFireClaims.Name] = claims.Where(r => r[cDate] is not null).GroupBy(r => (K(r[cPat]), (DateOnly)r[cDate]!))
            .Where(g => g.Count() > 5).Select(g => new object?[] { g.Key.Item1, g.Key.Item2, (long)g.Count() }).ToList();

        var withAmount = claims.Where(r => r[cAmt] is not null).ToList();
        result[GoldTables.ClaimAmountOutliers.Name] = withAmount.GroupBy(r => K(r[cProc])).Where(g => g.Count() >= 30).SelectMany(g =>
        {
            var mean = g.Average(r => M(r[cAmt]));
            var std = Math.Sqrt((double)g.Average(r => (M(r[cAmt]) - mean) * (M(r[cAmt]) - mean)));
            return g.Where(r => Math.Abs((double)(M(r[cAmt]) - mean)) > 3 * std)
                .Select(r => new object?[] { r[cId], g.Key, r[cAmt], (double)mean, std, R((decimal)((double)(M(r[cAmt]) - mean) / std), 2) });
        }).ToList();

        var daily = claims.Where(r => r[cDate] is not null).GroupBy(r => (K(r[cProv]), (DateOnly)r[cDate]!)).Select(g =>
        {
            var amounts = g.Where(r => r[cAmt] is not null).ToList();
            return (Provider: g.Key.Item1, Day: g.Key.Item2, Spend: amounts.Count == 0 ? (decimal?)null : amounts.Sum(r => M(r[cAmt])));
        }).ToList();
        result[GoldTables.ProviderDailySpend.Name] = daily.Select(d => new object?[] { d.Provider, d.Day, (double?)d.Spend }).ToList();
        result[GoldTables.Provider7dSpend.Name] = daily.Select(d =>
        {
            var window = daily.Where(o => o.Provider == d.Provider && o.Day > d.Day.AddDays(-7) && o.Day <= d.Day && o.Spend is not null).ToList();
            return new object?[]
            {
                d.Provider, d.Day, (double?)d.Spend, window.Count == 0 ? null : (double)window.Sum(o => o.Spend!.Value),
                window.Count == 0 ? null : R(window.Sum(o => o.Spend!.Value) / window.Count, 2),
            };
        }).ToList();

        double? Avg(IEnumerable<object?[]> rows)
        {
            var scores = rows.Where(r => r[fScore] is not null).Select(r => (int)r[fScore]!).ToList();
            return scores.Count == 0 ? null : R((decimal)scores.Sum() / scores.Count, 2);
        }

        result[GoldTables.FeedbackSatisfaction.Name] = feedback.GroupBy(r => (K(r[fSpec]), K(r[fProv]), K(r[fSource])))
            .Select(g => new object?[] { g.Key.Item1, g.Key.Item2, g.Key.Item3, (long)g.Count(), Avg(g) }).ToList();
        result[GoldTables.FeedbackTagAnalysis.Name] = feedback
            .SelectMany(r => ((IEnumerable<object?>?)r[fTags] ?? []).Select(t => (Tag: K(t), Row: r)))
            .GroupBy(p => p.Tag).Select(g => new object?[] { g.Key, (long)g.Count(), Avg(g.Select(p => p.Row)) }).ToList();

        long total = feedback.Count, withVisit = feedback.Count(r => r[fVisit] is not null);
        var encounterIds = encounters.Select(r => (string)r[C(ns, "encounter_id")]!).ToHashSet(StringComparer.Ordinal);
        long matched = feedback.Count(r => r[fVisit] is string v && encounterIds.Contains(v));
        Assert.Equal(matched, feedback.Count(r => r[fVisit] is not null && r[fMissing] is false));
        result[GoldTables.FeedbackEncounterMatch.Name] = total == 0 ? [] : [[total, withVisit, matched, R(100m * matched / total, 2)]];
        return result;
    }
}
