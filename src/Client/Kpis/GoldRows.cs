using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Client.Kpis;

/// <summary>
/// Reads the columns a KPI table needs (by position; the other positions stay null) of a lake table into memory.
/// Gold tables are aggregates, but some hold a row per patient or provider-day: reading three columns instead of all
/// keeps the summary light.
/// </summary>
internal static class GoldRows
{
    public static async Task<List<object?[]>> ReadAsync(ILakeStorage storage, string table, int[] columns, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        try
        {
            var snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken);
            var names = columns.Select(c => snapshot.Schema.Fields[c].Name).ToList();
            await foreach (var row in TableReader.Read(snapshot, names, cancellationToken).Rows.WithCancellation(cancellationToken))
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
