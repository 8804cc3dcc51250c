using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Silo.Web.Lake;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// <c>/kpis/quality</c>: the latest check run per layer (<c>validation/smoke_results</c>), Bronze and quarantine row counts
/// (the lake watch's counts from the tables' statistics), quarantine reasons, and each Silver feed's lag.
/// </summary>
internal static class QualityPage
{
    public const int ReasonRows = 20;

    private static readonly string[] Statuses = [CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Error];

    public static async Task<(List<KpiChart> Charts, List<KpiTable> Tables)> BuildAsync(ILakeStorage storage, LakeStatus status, CancellationToken cancellationToken)
    {
        var charts = new List<KpiChart>();
        var tables = new List<KpiTable>();

        var checks = await SmokeResults.LatestAsync(storage, cancellationToken);
        var layers = checks.Select(c => c.Result.Layer).Distinct(StringComparer.Ordinal).ToList();
        charts.Add(new KpiChart(
            "checks", "Latest data-quality checks per layer", "stacked", layers,
            [.. Statuses.Select(s => new KpiSeries(s, [.. layers.Select(l => (double?)checks.Count(c => c.Result.Layer == l && c.Result.Status == s))]))],
            "validation/smoke_results: the checks of each layer's latest run."));
        tables.Add(new KpiTable(
            "checks-table", "Latest check results", ["run_ts", "layer", "table", "metric", "value", "status", "message"],
            [.. checks.Select(c => (IReadOnlyList<string?>)[Format.Timestamp(c.RunTs), c.Result.Layer, c.Result.TableName, c.Result.Metric, c.Result.Value, c.Result.Status, c.Result.Message])]));

        var bronze = status.Layer(WatchedTables.Bronze).ToList();
        charts.Add(new KpiChart(
            "bronze-rows", "Bronze rows per dataset", "bar",
            [.. bronze.Select(t => t.Table.Name)], [new KpiSeries("Rows", [.. bronze.Select(t => (double?)t.Rows)])],
            "Rows of each bronze_<dataset> table at its latest version."));

        var quarantine = status.Layer(WatchedTables.Quarantine).ToList();
        charts.Add(new KpiChart(
            "quarantine-rows", "Quarantined records per dataset", "bar",
            [.. quarantine.Select(t => t.Table.Name)], [new KpiSeries("Quarantined", [.. quarantine.Select(t => (double?)t.Rows)])],
            "Rows of each _quarantine/bad_<dataset> table: records that did not enter Bronze."));
        var reasons = new List<(string Dataset, string Reason, long Count)>();
        foreach (var table in quarantine.Where(t => t.Rows > 0))
        {
            reasons.AddRange((await LakeRows.ReadAsync(storage, table.Table.Path, [QuarantineColumns.Reason], cancellationToken))
                .GroupBy(r => r[0] as string ?? "(no reason)", StringComparer.Ordinal)
                .Select(g => (table.Table.Name, g.Key, (long)g.Count())));
        }

        var topReasons = reasons.OrderByDescending(r => r.Count).ThenBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList();
        tables.Add(new KpiTable(
            "quarantine-table", "Quarantine reasons", ["dataset", "reason", "records"],
            [.. topReasons.Take(ReasonRows).Select(r => (IReadOnlyList<string?>)[r.Dataset, r.Reason, Format.Number(r.Count)])],
            topReasons.Count > ReasonRows ? $"{ReasonRows} of {topReasons.Count} reasons." : null));

        charts.Add(new KpiChart(
            "feed-lag", "Silver feed lag (Bronze versions not yet in Silver)", "bar",
            [.. status.Feeds.Select(f => f.Dataset)], [new KpiSeries("Versions behind", [.. status.Feeds.Select(f => (double?)f.LagVersions)])],
            "Latest Bronze version minus the version the feed's Delta txn (silver-feed:<bronze table>) records in Silver."));
        tables.Add(new KpiTable(
            "feed-lag-table", "Silver feeds", ["feed", "Bronze version", "consumed version", "versions behind", "waiting (s)"],
            [.. status.Feeds.Select(f => (IReadOnlyList<string?>)[f.BronzeTable, Format.Number(f.BronzeVersion), Format.Number(f.ConsumedVersion), Format.Number(f.LagVersions), Format.Number(Format.Round2(f.LagSeconds))])]));
        return (charts, tables);
    }
}
