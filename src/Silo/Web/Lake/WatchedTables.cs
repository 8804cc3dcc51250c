using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Silo.Web.Lake;

/// <summary>The tables the lake watch lists every interval, by layer.</summary>
public static class WatchedTables
{
    public const string Bronze = "bronze";
    public const string Quarantine = "quarantine";
    public const string Silver = "silver";
    public const string Gold = "gold";
    public const string Validation = "validation";

    public static IReadOnlyList<WatchedTable> All { get; } =
    [
        .. DatasetCatalog.All.Select(d => new WatchedTable(d.BronzeTablePath, Bronze, d.Name)),
        .. DatasetCatalog.All.Select(d => new WatchedTable(d.QuarantineTablePath, Quarantine, d.Name)),
        .. SilverTables.Definitions.Select(t => new WatchedTable(t.Path, Silver, t.Name)),
        .. GoldTables.All.Select(g => new WatchedTable(g.Path, Gold, g.Name)),
        new WatchedTable(SmokeResults.TablePath, Validation, "smoke_results"),
    ];

    /// <summary>
    /// Each Bronze table's Silver feed: the feed grain commits its cursor as Delta txn <c>silver-feed:&lt;bronze path&gt;</c>
    /// into the Silver table of the same dataset (docs/silver.md).
    /// </summary>
    public static IReadOnlyList<(string Dataset, string BronzeTable, string SilverTable, string AppId)> Feeds { get; } =
        [.. DatasetCatalog.All.Select(d => (d.Name, d.BronzeTablePath, SilverTables.PathOf("silver_" + d.Name), "silver-feed:" + d.BronzeTablePath))];
}
