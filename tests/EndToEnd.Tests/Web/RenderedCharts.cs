using System.Text.Json;
using PuppeteerSharp;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>Reads back what Chart.js drew on a page (labels, datasets, painted pixels) and compares it with the lake.</summary>
internal static class RenderedCharts
{
    private const string ReadScript = """
        () => [...document.querySelectorAll('canvas')].map(c => {
          const chart = Chart.getChart(c);
          const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
          return { id: c.id.replace('canvas-', ''), labels: chart ? chart.data.labels : null,
                   series: chart ? chart.data.datasets.map(d => ({ name: d.label, values: d.data })) : null, painted,
                   empty: c.closest('.card').classList.contains('empty') };
        })
        """;

    public static async Task WaitReadyAsync(IPage page, TimeSpan timeout) =>
        await page.WaitForFunctionAsync("() => document.body.dataset.state === 'ready'", new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds });

    /// <summary>Every expected chart is on the page, drawn (pixels painted), with exactly the expected labels and values.</summary>
    public static async Task AssertShowAsync(IPage page, IReadOnlyList<ExpectedChart> expected)
    {
        var rendered = (await page.EvaluateFunctionAsync<JsonElement>(ReadScript)).EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(expected.Select(e => e.Id).Order(), rendered.Keys.Order());
        foreach (var chart in expected)
        {
            var actual = rendered[chart.Id];
            Assert.True(actual.GetProperty("labels").ValueKind == JsonValueKind.Array, $"{chart.Id}: no Chart.js chart on the canvas");
            Assert.True(actual.GetProperty("painted").GetInt32() > 0, $"{chart.Id}: nothing painted");
            if (chart.Labels.Count == 0)
            {
                // Nothing in the lake for this chart (the sample data has no amount outliers): the page must say so.
                Assert.Empty(actual.GetProperty("labels").EnumerateArray());
                Assert.True(actual.GetProperty("empty").GetBoolean(), $"{chart.Id}: an empty chart without its 'No data yet.' note");
                continue;
            }

            Assert.Equal(chart.Labels, actual.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList());
            var series = actual.GetProperty("series").EnumerateArray().ToDictionary(
                s => s.GetProperty("name").GetString()!,
                s => s.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray());
            Assert.Equal(chart.Series.Keys.Order(), series.Keys.Order());
            foreach (var (name, values) in chart.Series)
            {
                Assert.Equal(values.Length, series[name].Length);
                for (var i = 0; i < values.Length; i++)
                {
                    Assert.True(
                        values[i] is null ? series[name][i] is null : series[name][i] is { } v && Math.Abs(v - values[i]!.Value) < 0.006,
                        $"{chart.Id} / {name} / {chart.Labels[i]}: page {series[name][i]}, lake {values[i]}");
                }
            }
        }
    }

    /// <summary>No spinner, no error box, and the page's state is ready.</summary>
    public static async Task AssertSettledAsync(IPage page)
    {
        var state = await page.EvaluateFunctionAsync<JsonElement>(
            "() => ({ state: document.body.dataset.state, spinner: !document.getElementById('status').hidden, error: !document.getElementById('error').hidden, text: document.getElementById('error').textContent })");
        Assert.Equal("ready", state.GetProperty("state").GetString());
        Assert.False(state.GetProperty("spinner").GetBoolean(), "the loading spinner is still shown");
        Assert.False(state.GetProperty("error").GetBoolean(), "error shown: " + state.GetProperty("text").GetString());
    }
}
