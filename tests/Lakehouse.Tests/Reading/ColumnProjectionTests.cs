using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>Reading only some columns: the selected ones hold what a full read holds, the others are null.</summary>
public sealed class ColumnProjectionTests
{
    [Theory]
    [InlineData("delta-rs/delta-0.8.0-partitioned")]
    [InlineData("dat/basic_append/delta")]
    public async Task Selected_columns_equal_a_full_read_and_the_rest_are_null(string fixture)
    {
        var snapshot = await Fixture.LoadAsync(fixture);
        var full = await Collect(TableReader.Read(snapshot, CancellationToken.None));
        // One data column and, where the table has them, one partition column, named in another case.
        var names = snapshot.Schema.Fields.Select(f => f.Name).Where(n => !snapshot.PartitionColumns.Contains(n)).Take(1)
            .Concat(snapshot.PartitionColumns.Take(1)).Select(n => n.ToUpperInvariant()).ToList();
        var projected = await Collect(TableReader.Read(snapshot, names, CancellationToken.None));

        Assert.NotEmpty(full);
        Assert.Equal(full.Count, projected.Count);
        for (var c = 0; c < snapshot.Schema.Fields.Count; c++)
        {
            var field = snapshot.Schema.Fields[c].Name;
            var selected = names.Contains(field, StringComparer.OrdinalIgnoreCase) || snapshot.PartitionColumns.Contains(field);
            for (var r = 0; r < full.Count; r++)
            {
                Assert.Equal(selected ? full[r][c] : null, projected[r][c]);
            }
        }
    }

    [Theory]
    [InlineData("delta-rs/delta-0.8.0-partitioned")]
    [InlineData("dat/basic_append/delta")]
    public async Task Matching_rows_are_those_of_a_full_read_whose_column_holds_a_wanted_value(string fixture)
    {
        var snapshot = await Fixture.LoadAsync(fixture);
        var full = await Collect(TableReader.Read(snapshot, CancellationToken.None));
        var column = snapshot.Schema.Fields.First(f => !snapshot.PartitionColumns.Contains(f.Name)).Name;
        var ordinal = snapshot.Schema.IndexOf(column);
        // The first and the last row's values (different files where the table has several) and one no row holds.
        var wanted = new HashSet<object>([full[0][ordinal]!, full[^1][ordinal]!, "no row holds this"]);

        var matching = new List<object?[]>();
        await foreach (var row in TableReader.ReadMatchingAsync(snapshot, column, wanted, CancellationToken.None))
        {
            matching.Add(row);
        }

        var expected = full.Where(r => r[ordinal] is { } v && wanted.Contains(v)).ToList();
        Assert.InRange(expected.Count, 1, full.Count - 1);
        Assert.Equal(expected.Count, matching.Count);
        Assert.All(expected, e => Assert.Contains(matching, m => m.SequenceEqual(e)));
        await foreach (var row in TableReader.ReadMatchingAsync(snapshot, column, new HashSet<object>(), CancellationToken.None))
        {
            Assert.Fail($"An empty set matched a row ({row.Length} values).");
        }
    }

    private static async Task<List<object?[]>> Collect(TableRows rows)
    {
        var list = new List<object?[]>();
        await foreach (var row in rows.Rows)
        {
            list.Add(row);
        }

        return list;
    }
}
