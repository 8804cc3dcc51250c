using Kardiaflow.Lakehouse.Operations;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Client.Kpis;

/// <summary>Reads a table of the lake into memory (Gold tables are small: aggregates).</summary>
internal static class GoldRows
{
    public static async Task<List<object?[]>> ReadAsync(ILakeStorage storage, string table, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        try
        {
            var snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken);
            await foreach (var row in TableReader.Read(snapshot, cancellationToken).Rows.WithCancellation(cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (Kardiaflow.Lakehouse.TableNotFoundException)
        {
            // Not written yet: an empty table.
        }

        return rows;
    }
}
