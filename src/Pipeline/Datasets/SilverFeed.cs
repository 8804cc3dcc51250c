using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// What a dataset's Silver feed does: the rule that turns its Bronze changes into rows of <paramref name="Table"/>, and
/// the enriched tables it refreshes afterwards, in that order.
/// </summary>
/// <param name="Conform">The row rule of <see cref="SilverRule.LatestPerKey"/> (a Silver row, or null to drop the row).</param>
public sealed record SilverFeed(
    SilverRule Rule,
    string Table,
    IReadOnlyList<EnrichedRefresh> Refreshes,
    Func<BronzeRow, object?[]?>? Conform = null)
{
    /// <summary>The tables the feed writes, its own Silver table first.</summary>
    public IReadOnlyList<string> Targets { get; } = [Table, .. Refreshes.Select(r => r.Table).Distinct(StringComparer.Ordinal)];
}
