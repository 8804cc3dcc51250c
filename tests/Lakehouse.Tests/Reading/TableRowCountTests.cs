using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

/// <summary>Row counts from file statistics (cdf-table has them) or, without them, from a one-column scan (simple_table).</summary>
public sealed class TableRowCountTests
{
    [Theory]
    [InlineData("delta-rs/cdf-table")]
    [InlineData("delta-rs/simple_table")]
    [InlineData("delta-rs/delta-0.8.0-partitioned")]
    public async Task The_count_equals_the_rows_a_full_read_returns(string fixture)
    {
        var snapshot = await Fixture.LoadAsync(fixture);
        var rows = await Fixture.RowsAsync(snapshot);
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, await TableRowCount.CountAsync(snapshot, CancellationToken.None));
    }
}
