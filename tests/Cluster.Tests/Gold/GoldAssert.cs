using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>Compares every Gold table with its recomputation, row by row by key, value by value.</summary>
internal static class GoldAssert
{
    public static async Task EqualAsync(ILakeStorage storage, Dictionary<string, List<object?[]>> expected)
    {
        foreach (var table in GoldTables.All)
        {
            var snapshot = await Snapshot.LoadAsync(storage, table.Path, null, CancellationToken.None);
            var actual = new List<object?[]>();
            await foreach (var row in TableReader.Read(snapshot, CancellationToken.None).Rows)
            {
                actual.Add(row);
            }

            var keys = table.KeyColumns.Count == 0 ? [0] : table.KeyOrdinals();
            string Key(object?[] r) => string.Join('|', keys.Select(k => GoldValues.Text(r[k])));
            var want = expected[table.Name].ToDictionary(Key);
            var got = actual.ToDictionary(Key);
            Assert.True(want.Count == got.Count, $"{table.Name}: {got.Count} rows, recomputation has {want.Count}; missing [{string.Join(", ", want.Keys.Except(got.Keys).Take(5))}], extra [{string.Join(", ", got.Keys.Except(want.Keys).Take(5))}]");
            foreach (var (key, row) in want)
            {
                Assert.True(got.TryGetValue(key, out var other), $"{table.Name}: no row for key {key}");
                for (var i = 0; i < row.Length; i++)
                {
                    var column = table.Schema.Fields[i].Name;
                    Assert.True(Same(column, row[i], other[i]), $"{table.Name}[{key}].{column}: expected {GoldValues.Text(row[i])}, got {GoldValues.Text(other[i])}");
                }
            }
        }
    }

    private static bool Same(string column, object? expected, object? actual) => (column, expected, actual) switch
    {
        (_, null, null) => true,
        ("procedure_mean" or "procedure_stddev", double e, double a) => Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)),
        ("z_score", double e, double a) => Math.Abs(e - a) <= 0.0100001,
        _ => Equals(expected, actual),
    };
}
