namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// What <c>/kpis/api/&lt;page&gt;</c> returns: the page's charts and tables, built from the lake when
/// <paramref name="Token"/> (a digest of the versions of the tables the page reads) last changed.
/// </summary>
public sealed record KpiPage(
    string Page,
    string Token,
    DateTimeOffset BuiltAt,
    DateTimeOffset? GoldCommittedAt,
    IReadOnlyList<KpiChart> Charts,
    IReadOnlyList<KpiTable> Tables);
