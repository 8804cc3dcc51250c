namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>What a chart must show: its labels and, per dataset name, one value per label.</summary>
internal sealed record ExpectedChart(string Id, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double?[]> Series);
