using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Spectre.Console;

namespace Kardiaflow.Client.Silver;

/// <summary>Waits until every Silver feed has consumed the Bronze versions as they are now, then reports.</summary>
internal static class SilverStage
{
    public static async Task<IReadOnlyList<SilverFeedStatus>> WaitAsync(IGrainFactory grains, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var targets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in DatasetCatalog.BronzeTablePaths)
        {
            targets[table] = await grains.GetGrain<IDeltaTableGrain>(table).EnsureCreatedAsync();
        }

        console.WriteLine("Silver: following the Bronze change feeds...");
        return await SilverFeedWaiter.WaitAsync(grains, targets, TimeSpan.FromHours(1), cancellationToken);
    }

    public static async Task WriteReportAsync(IAnsiConsole console, ILakeStorage storage, IReadOnlyList<SilverFeedStatus> statuses, CancellationToken cancellationToken)
    {
        var table = new Table().Title("Silver")
            .AddColumns("table", "rows", "changes read", "null keys dropped", "duplicates ignored", "superseded in batch");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var name in SilverTables.All)
        {
            var status = statuses.FirstOrDefault(s => s.SilverTable == name);
            var rows = await CountAsync(storage, name, cancellationToken);
            table.AddRow(
                name, ConsoleTables.Count(rows), status is null ? "" : ConsoleTables.Count(status.RowsRead), status is null ? "" : ConsoleTables.Count(status.NullKeysDropped),
                status is null ? "" : ConsoleTables.Count(status.DuplicatesIgnored), status is null ? "" : ConsoleTables.Count(status.Superseded));
        }

        console.Write(table);
    }

    private static async Task<long> CountAsync(ILakeStorage storage, string name, CancellationToken cancellationToken)
    {
        try
        {
            var delta = await DeltaTable.OpenAsync(storage, SilverTables.PathOf(name), cancellationToken);
            return await TableRowCount.CountAsync(delta.Snapshot, cancellationToken);
        }
        catch (TableNotFoundException)
        {
            return 0;
        }
    }

}
