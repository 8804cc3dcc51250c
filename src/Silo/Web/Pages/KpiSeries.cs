namespace Kardiaflow.Silo.Web.Pages;

/// <summary>One dataset of a chart: a name and one value per label (null where there is none).</summary>
public sealed record KpiSeries(string Name, IReadOnlyList<double?> Values);
