using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Tests.Shared;

/// <summary>Reads what the cluster wrote, through the Delta engine.</summary>
internal static class LakeTables
{
    public static Task<TableContents> ReadAsync(string lake, string tablePath) => ReadAsync(new LocalLakeStorage(lake), tablePath);

    public static async Task<TableContents> ReadAsync(ILakeStorage lake, string tablePath)
    {
        var table = await DeltaTable.OpenAsync(lake, tablePath, CancellationToken.None);
        var contents = TableReader.Read(table.Snapshot, CancellationToken.None);
        var schema = contents.Schema;
        var rows = new List<object?[]>();
        await foreach (var row in contents.Rows)
        {
            rows.Add(row);
        }

        return new TableContents(schema.Fields.Select(f => f.Name).ToList(), rows, table.Snapshot.Version);
    }
}
