using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// The number of rows of a snapshot: the sum of its files' <c>numRecords</c> statistics when every file has them (no
/// data file is opened), otherwise a scan of its first column.
/// </summary>
public static class TableRowCount
{
    public static async Task<long> CountAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        long total = 0;
        foreach (var file in snapshot.Files.Values)
        {
            if (NumRecords(file) is not { } records)
            {
                return await ScanAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }

            total += records;
        }

        return total;
    }

    private static async Task<long> ScanAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        long count = 0;
        var first = snapshot.Schema.Fields.Take(1).Select(f => f.Name).ToList();
        await foreach (var _ in TableReader.Read(snapshot, first, cancellationToken).Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>numRecords from an add's stats, when it has them.</summary>
    internal static long? NumRecords(AddFileAction add)
    {
        if (add.Stats is null)
        {
            return null;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(add.Stats);
        return doc.RootElement.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var v) ? v : null;
    }
}
