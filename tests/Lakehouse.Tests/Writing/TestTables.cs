using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Transactions;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>Real folders under the temp directory, and reading a table back through the snapshot and Parquet reader.</summary>
internal sealed class TempLake : IDisposable
{
    public TempLake()
    {
        Root = Path.Combine(Path.GetTempPath(), "kf-lake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Storage = new LocalLakeStorage(Root);
    }

    public string Root { get; }

    public LocalLakeStorage Storage { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a handle for a moment; the temp folder is cleaned by the OS.
        }
    }
}

internal static class TestTables
{
    public static readonly StructType Simple = new(
    [
        new StructField("id", PrimitiveType.Long, Nullable: false),
        new StructField("name", PrimitiveType.String),
        new StructField("amount", new DecimalType(10, 2)),
        new StructField("day", PrimitiveType.Date),
        new StructField("region", PrimitiveType.String),
    ]);

    public static object?[] Row(long id, string? name = null, string region = "EU") =>
        [id, name ?? $"name-{id}", id * 1.25m, new DateOnly(2024, 1, 1).AddDays((int)(id % 30)), region];

    public static IReadOnlyList<object?[]> Rows(long from, int count, string region = "EU") =>
        Enumerable.Range(0, count).Select(i => Row(from + i, region: region)).ToArray();

    /// <summary>Every row of a version, read file by file as full table rows, sorted by the first column.</summary>
    public static async Task<List<object?[]>> ReadAsync(ILakeStorage storage, string tablePath, long? version = null)
    {
        var snapshot = await Snapshot.LoadAsync(storage, tablePath, version, default);
        var state = new TableState(snapshot.Version, snapshot.Protocol, snapshot.Metadata, snapshot.Files.Values.ToArray(), snapshot.AppTransactions);
        var rows = new List<object?[]>();
        foreach (var file in state.Files)
        {
            rows.AddRange(await FileRowsReader.ReadAsync(storage, tablePath, state, file, default));
        }

        return rows.OrderBy(r => r[0]).ToList();
    }

    public static void AssertRowsEqual(IEnumerable<object?[]> expected, IEnumerable<object?[]> actual)
    {
        var e = expected.OrderBy(r => r[0]).ToList();
        var a = actual.OrderBy(r => r[0]).ToList();
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++)
        {
            Assert.True(RowValues.Comparer.Equals(e[i], a[i]), $"Row {i} differs: expected [{Show(e[i])}], got [{Show(a[i])}]");
        }
    }

    public static string Show(object?[] row) => string.Join(", ", row.Select(v => v switch
    {
        null => "null",
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(",", e.Cast<object?>()) + "]",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    }));
}
