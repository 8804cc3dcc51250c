using System.Globalization;
using System.Text.RegularExpressions;
using PuppeteerSharp;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>
/// The Orleans Dashboard and the KPI pages of a standalone silo in headless Chromium, after the sample data went through
/// the pipeline; <c>/metrics</c> after the same run. Screenshots go to <c>TestResults/web</c>.
/// </summary>
public sealed partial class KpiPagesBrowserTests(WebSiloFixture silo) : IClassFixture<WebSiloFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dashboard_and_each_KPI_page_render_the_lake_values_without_errors()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();

        var dashboard = await chromium.OpenAsync(new Uri(silo.BaseUri, "dashboard"));
        await dashboard.Page.WaitForFunctionAsync(
            "() => /active silos\\s*1\\b/i.test(document.body.innerText) && /total activations\\s*[1-9]/i.test(document.body.innerText)",
            new WaitForFunctionOptions { Timeout = (int)Wait.TotalMilliseconds });
        await dashboard.ScreenshotAsync("dashboard");
        Assert.Empty(dashboard.Problems);

        (string Page, Func<string, Task<IReadOnlyList<ExpectedChart>>> Expected)[] pages =
        [
            ("claims", LakeExpectations.ClaimsAsync),
            ("experience", LakeExpectations.ExperienceAsync),
            ("quality", LakeExpectations.QualityAsync),
        ];
        foreach (var (name, expected) in pages)
        {
            var page = await chromium.OpenAsync(new Uri(silo.BaseUri, "kpis/" + name));
            await RenderedCharts.WaitReadyAsync(page.Page, Wait);
            await RenderedCharts.AssertSettledAsync(page.Page);
            await RenderedCharts.AssertShowAsync(page.Page, await expected(silo.Lake));
            await page.ScreenshotAsync("kpis-" + name);
            Assert.Empty(page.Problems);
            if (name == "quality")
            {
                await AssertQualityTablesAsync(page.Page);
            }
        }
    }

    [Fact]
    public async Task The_claims_page_follows_a_second_submission_that_changes_Gold_without_a_reload()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(new Uri(silo.BaseUri, "kpis/claims"));
        await RenderedCharts.WaitReadyAsync(page.Page, Wait);
        var before = await page.Page.EvaluateExpressionAsync<string>("document.body.dataset.token");
        await page.Page.EvaluateExpressionAsync("window.kardiaflowTestMarker = 'same document'");

        // Three approved claims of a new procedure far above every average: it must lead the high-cost chart. And 30
        // claims of another procedure, one of them far from the rest: an amount outlier (the sample data has none).
        var input = TestData.NewFolder("second-submission");
        Directory.CreateDirectory(Path.Combine(input, "claims"));
        var lastDay = (await LakeExpectations.ClaimsAsync(silo.Lake)).Single(c => c.Id == "spend-trend").Labels[^1];
        await File.WriteAllLinesAsync(Path.Combine(input, "claims", "claims_web_test.csv"),
        [
            "ClaimID,PatientID,ProviderID,ClaimAmount,ClaimDate,DiagnosisCode,ProcedureCode,ClaimStatus,ClaimType,ClaimSubmissionMethod",
            $"web-test-1,web-patient,web-provider,90000.00,{lastDay},Z00,ZZ-WEB,Approved,Inpatient,Online",
            $"web-test-2,web-patient,web-provider,91000.00,{lastDay},Z00,ZZ-WEB,Approved,Inpatient,Online",
            $"web-test-3,web-patient,web-provider,92000.00,{lastDay},Z00,ZZ-WEB,Approved,Inpatient,Online",
            .. Enumerable.Range(1, 30).Select(i => $"web-out-{i},web-patient,web-provider,{(i == 30 ? "50000.00" : "100.00")},{lastDay},Z00,ZZ-OUT,Denied,Outpatient,Paper"),
        ]);
        await silo.SubmitAsync(input);

        await page.Page.WaitForFunctionAsync(
            $"() => document.body.dataset.token !== '{before}' && Chart.getChart(document.getElementById('canvas-high-cost')).data.labels[0] === 'ZZ-WEB'",
            new WaitForFunctionOptions { Timeout = (int)Wait.TotalMilliseconds });
        Assert.Equal("same document", await page.Page.EvaluateExpressionAsync<string>("window.kardiaflowTestMarker"));
        await RenderedCharts.AssertSettledAsync(page.Page);
        var after = await LakeExpectations.ClaimsAsync(silo.Lake);
        Assert.Equal(["ZZ-OUT"], after.Single(c => c.Id == "outliers").Labels);
        await RenderedCharts.AssertShowAsync(page.Page, after);
        await page.ScreenshotAsync("kpis-claims-after-second-submission");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task Metrics_serve_the_named_metrics_with_non_zero_values_after_a_run()
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(silo.BaseUri, "metrics"));
        var samples = MetricLine().Matches(text).Select(m => (Name: m.Groups["name"].Value, Labels: m.Groups["labels"].Value, Value: double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))).ToList();

        double Value(string name, string label = "") =>
            Assert.Single(samples, s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).Value;

        var bronzeRows = 0.0;
        foreach (var dataset in new[] { "patients", "encounters", "claims", "providers", "feedback" })
        {
            bronzeRows += (await LakeTables.ReadAsync(silo.Lake, "bronze/bronze_" + dataset)).Count;
            Assert.Equal(0, Value("kardiaflow_silver_feed_lag", $"feed=\"bronze/bronze_{dataset}\""));
        }

        Assert.Equal(bronzeRows, Value("kardiaflow_layer_rows", "layer=\"bronze\""));
        Assert.True(Value("kardiaflow_layer_rows", "layer=\"silver\"") > 0);
        Assert.True(Value("kardiaflow_layer_rows", "layer=\"gold\"") > 0);
        Assert.Equal(1, Value("kardiaflow_quarantine_rows", "dataset=\"patients\"")); // the sample's broken header line
        Assert.True(Value("kardiaflow_gold_age_seconds") > 0);
        Assert.True(Value("kardiaflow_gold_behind_silver_seconds") >= 0);
        Assert.Contains(samples, s => s.Name == "kardiaflow_silver_feed_wait_seconds");
        Assert.True(samples.Where(s => s.Name == "kardiaflow_lake_commit_duration_seconds_count").Sum(s => s.Value) > 0, "no commit latency recorded");
        Assert.True(samples.Where(s => s.Name == "kardiaflow_lake_commit_duration_seconds_sum" && s.Labels.Contains("table=\"gold/", StringComparison.Ordinal)).Sum(s => s.Value) > 0);
        Assert.Contains(samples, s => s.Name == "orleans_app_requests_latency_milliseconds_count" && s.Value > 0);
        Assert.Contains("# TYPE kardiaflow_lake_commit_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    /// <summary>The quality page's tables: every check of each layer's latest run, the sample's one quarantined record and its reason.</summary>
    private async Task AssertQualityTablesAsync(IPage page)
    {
        var rows = await page.EvaluateFunctionAsync<string[][]>(
            "id => [...document.querySelectorAll('#table-' + id + ' tbody tr')].map(r => [...r.cells].map(c => c.textContent))", "checks-table");
        var smoke = await LakeTables.ReadAsync(silo.Lake, "validation/smoke_results");
        var layer = smoke.Columns.ToList().IndexOf("layer");
        var runTs = smoke.Columns.ToList().IndexOf("run_ts");
        var latest = smoke.Rows.GroupBy(r => (string)r[layer]!).Sum(g => g.Count(r => (DateTime)r[runTs]! == g.Max(x => (DateTime)x[runTs]!)));
        Assert.Equal(latest, rows.Length);
        Assert.All(rows, r => Assert.Equal("PASS", r[5]));

        var reasons = await page.EvaluateFunctionAsync<string[][]>(
            "id => [...document.querySelectorAll('#table-' + id + ' tbody tr')].map(r => [...r.cells].map(c => c.textContent))", "quarantine-table");
        var quarantine = await LakeTables.ReadAsync(silo.Lake, "_quarantine/bad_patients");
        var reason = (string)Assert.Single(quarantine.Column("reason"))!;
        Assert.Equal(["patients", reason, "1"], Assert.Single(reasons));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)(?: \d+)?$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
