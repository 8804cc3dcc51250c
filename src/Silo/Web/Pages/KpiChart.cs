namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// A chart as the page draws it with Chart.js: <paramref name="Kind"/> is <c>bar</c>, <c>hbar</c> (horizontal bars),
/// <c>line</c>, <c>stacked</c> (stacked bars) or <c>doughnut</c>; <paramref name="Note"/> says what the values are.
/// </summary>
public sealed record KpiChart(string Id, string Title, string Kind, IReadOnlyList<string> Labels, IReadOnlyList<KpiSeries> Series, string? Note = null);
