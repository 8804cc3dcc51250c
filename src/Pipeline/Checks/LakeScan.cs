using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>Streams a table's current rows for the checks (checks may scan; KPIs never do).</summary>
public static class LakeScan
{
    /// <summary>The table's rows with only <paramref name="columns"/> read (the others are null; null reads all): checks look at a few columns.</summary>
    public static async Task<TableRows> ReadAsync(ILakeStorage storage, string table, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        var snapshot = await Snapshot.LoadAsync(storage, table, null, cancellationToken).ConfigureAwait(false);
        return TableReader.Read(snapshot, columns, cancellationToken);
    }

    public static async Task<TableRows?> TryReadAsync(ILakeStorage storage, string table, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(storage, table, columns, cancellationToken).ConfigureAwait(false);
        }
        catch (Lakehouse.TableNotFoundException)
        {
            return null;
        }
    }

    public static int Ordinal(StructType schema, string column, string table)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var index = schema.Fields.Select((f, i) => (f, i)).FirstOrDefault(p => string.Equals(p.f.Name, column, StringComparison.OrdinalIgnoreCase), (null!, -1)).Item2;
        return index >= 0 ? index : throw new InvalidDataException($"{table} has no column '{column}'.");
    }

    /// <summary>Key text of a row over several columns (null-safe).</summary>
    public static string Key(object?[] row, int[] ordinals) =>
        string.Join('\u001f', ordinals.Select(o => Gold.GoldValues.Text(row[o])));
}
