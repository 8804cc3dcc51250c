using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// <c>/kpis/claims</c>: claims and provider trends. Every chart reads a Gold table except the approved spend per provider,
/// which no Gold table of docs/data-contract.md holds: it is summed from <c>silver_claims</c>, as <c>kardiaflow kpis</c> does.
/// </summary>
internal static class ClaimsPage
{
    public const int TrendDays = 60;
    public const int TopSpecialties = 7;
    public const int TopProviders = 10;
    public const int OutlierRows = 25;

    public static async Task<(List<KpiChart> Charts, List<KpiTable> Tables)> BuildAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var charts = new List<KpiChart>();
        var tables = new List<KpiTable>();

        charts.Add(await SpendTrendAsync(storage, cancellationToken));

        var (denialChart, denialTable) = await DenialRatesAsync(storage, cancellationToken);
        charts.Add(denialChart);
        tables.Add(denialTable);

        charts.Add(await TopProvidersAsync(storage, cancellationToken));

        var highCost = (await LakeRows.ReadAsync(storage, GoldTables.HighCostProcedures.Path, ["procedure_code", "avg_claim_amount", "procedure_count"], cancellationToken))
            .OrderByDescending(r => r[1] as double?).ThenBy(r => Format.Key(r[0]), StringComparer.Ordinal).ToList();
        charts.Add(new KpiChart(
            "high-cost", "High-cost procedures (average approved claim)", "bar",
            [.. highCost.Select(r => Format.Key(r[0]))],
            [new KpiSeries("Average claim amount", [.. highCost.Select(r => r[1] as double?)])],
            "gold_high_cost_procedures: the 10 highest averages of procedures with at least 3 approved claims."));
        tables.Add(new KpiTable(
            "high-cost-table", "High-cost procedures", ["procedure_code", "avg_claim_amount", "procedure_count"],
            [.. highCost.Select(r => (IReadOnlyList<string?>)[Format.Key(r[0]), Format.Number(r[1] as double?), Format.Number((long)r[2]!)])]));

        var (outlierChart, outlierTable) = await OutliersAsync(storage, cancellationToken);
        charts.Add(outlierChart);
        tables.Add(outlierTable);
        return (charts, tables);
    }

    private static async Task<KpiChart> SpendTrendAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var daily = (await LakeRows.ReadAsync(storage, GoldTables.Provider7dSpend.Path, ["spend_date", "daily_spend"], cancellationToken))
            .Where(r => r[0] is DateOnly)
            .GroupBy(r => (DateOnly)r[0]!)
            .ToDictionary(g => g.Key, g => g.Sum(r => (decimal)(r[1] as double? ?? 0)));
        var labels = new List<string>();
        var spend = new List<double?>();
        var rolling = new List<double?>();
        if (daily.Count > 0)
        {
            // The last 60 days of the data (the sample's claims are years old: a window ending today would be empty).
            var last = daily.Keys.Max();
            for (var day = last.AddDays(1 - TrendDays); day <= last; day = day.AddDays(1))
            {
                labels.Add(Format.Date(day));
                spend.Add(Format.Round2(daily.GetValueOrDefault(day)));
                var window = 0m;
                for (var back = 0; back < 7; back++)
                {
                    window += daily.GetValueOrDefault(day.AddDays(-back));
                }

                rolling.Add(Format.Round2(window));
            }
        }

        return new KpiChart(
            "spend-trend", $"Claim spend, last {TrendDays} days of data", "line", labels,
            [new KpiSeries("7-day rolling spend", rolling), new KpiSeries("Daily spend", spend)],
            "gold_provider_7d_spend, all providers: daily_spend summed per day; the rolling spend sums the calendar window [day − 6, day].");
    }

    private static async Task<(KpiChart, KpiTable)> DenialRatesAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var totals = (await LakeRows.ReadAsync(storage, GoldTables.ClaimApprovalBySpecialty.Path, ["provider_specialty", "total_claims"], cancellationToken))
            .ToDictionary(r => Format.Key(r[0]), r => (long)r[1]!, StringComparer.Ordinal);
        var denied = (await LakeRows.ReadAsync(storage, GoldTables.ClaimDenialBreakdown.Path, ["provider_specialty", "denial_count"], cancellationToken))
            .GroupBy(r => Format.Key(r[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r[1]!), StringComparer.Ordinal);
        var top = totals.Where(t => t.Value > 0)
            .Select(t => (Specialty: t.Key, Total: t.Value, Denied: denied.GetValueOrDefault(t.Key), Rate: Format.Round2(100.0 * denied.GetValueOrDefault(t.Key) / t.Value)))
            .OrderByDescending(t => (double)t.Denied / t.Total).ThenBy(t => t.Specialty, StringComparer.Ordinal)
            .Take(TopSpecialties).ToList();
        var chart = new KpiChart(
            "denial-rate", $"Top {TopSpecialties} specialties by denial rate", "hbar",
            [.. top.Select(t => t.Specialty)], [new KpiSeries("Denial rate (%)", [.. top.Select(t => (double?)t.Rate)])],
            "Denied claims (gold_claim_denial_breakdown) over all claims (gold_claim_approval_by_specialty), per specialty.");
        var table = new KpiTable(
            "denial-rate-table", "Denial rate by specialty", ["specialty", "claims", "denied", "denial rate (%)"],
            [.. top.Select(t => (IReadOnlyList<string?>)[t.Specialty, Format.Number(t.Total), Format.Number(t.Denied), Format.Number(t.Rate)])]);
        return (chart, table);
    }

    private static async Task<KpiChart> TopProvidersAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var top = (await LakeRows.ReadAsync(storage, GoldInputs.Claims, ["provider_id", "claim_amount", "claim_status"], cancellationToken))
            .Where(r => r[2] as string == "Approved" && r[1] is double)
            .GroupBy(r => Format.Key(r[0]), StringComparer.Ordinal)
            .Select(g => (Provider: g.Key, Spend: g.Sum(r => (decimal)(double)r[1]!)))
            .OrderByDescending(p => p.Spend).ThenBy(p => p.Provider, StringComparer.Ordinal)
            .Take(TopProviders).ToList();
        return new KpiChart(
            "top-providers", $"Top {TopProviders} providers by approved spend", "hbar",
            [.. top.Select(p => p.Provider)], [new KpiSeries("Approved spend", [.. top.Select(p => (double?)Format.Round2(p.Spend))])],
            "Sum of claim_amount of the Approved claims in silver_claims (no Gold table of the spec holds approved spend per provider).");
    }

    private static async Task<(KpiChart, KpiTable)> OutliersAsync(ILakeStorage storage, CancellationToken cancellationToken)
    {
        var rows = await LakeRows.ReadAsync(
            storage, GoldTables.ClaimAmountOutliers.Path,
            ["claim_id", "procedure_code", "claim_amount", "procedure_mean", "procedure_stddev", "z_score"], cancellationToken);
        var perProcedure = rows.GroupBy(r => Format.Key(r[1]), StringComparer.Ordinal)
            .Select(g => (Procedure: g.Key, Count: g.Count()))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Procedure, StringComparer.Ordinal).ToList();
        var chart = new KpiChart(
            "outliers", "Claim amount outliers per procedure", "bar",
            [.. perProcedure.Select(p => p.Procedure)], [new KpiSeries("Outlier claims", [.. perProcedure.Select(p => (double?)p.Count)])],
            $"gold_claim_amount_outliers: {rows.Count} claims more than 3 standard deviations from their procedure's mean.");
        var table = new KpiTable(
            "outliers-table", "Claim amount outliers (largest |z| first)",
            ["claim_id", "procedure_code", "claim_amount", "procedure_mean", "procedure_stddev", "z_score"],
            [.. rows.OrderByDescending(r => Math.Abs(r[5] as double? ?? 0)).ThenBy(r => r[0] as string, StringComparer.Ordinal).Take(OutlierRows)
                .Select(r => (IReadOnlyList<string?>)[r[0] as string, Format.Key(r[1]), Format.Number(r[2] as double?), Format.Number(r[3] as double?),
                    Format.Number(r[4] as double?), Format.Number(r[5] as double?)])],
            rows.Count > OutlierRows ? $"{OutlierRows} of {rows.Count} outliers." : null);
        return (chart, table);
    }
}
