using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>Reads named columns of a table's latest version, each row holding just those columns in that order.</summary>
internal static class LakeRows
{
    public static async Task<List<object?[]>> ReadAsync(ILakeStorage storage, string table, string[] columns, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        Snapshot snapshot;
        try
        {
            snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken);
        }
        catch (TableNotFoundException)
        {
            return rows; // Not written yet: nothing to show.
        }

        var ordinals = columns.Select(c => snapshot.Schema.IndexOf(c) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{table} has no column '{c}'.")).ToArray();
        await foreach (var row in TableReader.Read(snapshot, columns, cancellationToken).Rows.WithCancellation(cancellationToken))
        {
            var projected = new object?[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++)
            {
                projected[i] = row[ordinals[i]];
            }

            rows.Add(projected);
        }

        return rows;
    }
}
