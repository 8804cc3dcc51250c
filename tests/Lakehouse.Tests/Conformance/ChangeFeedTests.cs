using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>Change data feed expectations of delta-rs's load_cdf.rs on cdf-table, simple_table_with_cdc and simple_table.</summary>
public sealed class ChangeFeedTests
{
    private static readonly string[] Columns = ["id", "name", "birthday", "_change_type", "_commit_version", "_commit_timestamp"];

    [Fact]
    public async Task Cdf_table_from_version_0_gives_the_23_rows_of_test_load_local()
    {
        var rows = await TableChanges.ReadAsync(Fixture.Storage("delta-rs/cdf-table"), string.Empty, 0, null, CancellationToken.None);
        Assert.Equal(Columns, rows.Schema.Fields.Select(f => f.Name));
        Assert.Equal(PrimitiveType.Long, rows.Schema["_commit_version"].Type);
        Assert.Equal(PrimitiveType.Timestamp, rows.Schema["_commit_timestamp"].Type);
        var actual = await Fixture.CanonAsync(rows, Columns);

        const string v0 = "2023-12-22 17:10:18.828000Z", v1 = "2023-12-22 17:10:21.675000Z", v2 = "2023-12-29 21:41:33.785000Z", v3 = "2024-01-06 16:44:59.570000Z";
        List<string> expected =
        [
            $"1|Steve|2023-12-22|insert|0|{v0}", $"2|Bob|2023-12-23|insert|0|{v0}", $"3|Dave|2023-12-23|insert|0|{v0}",
            $"4|Kate|2023-12-23|insert|0|{v0}", $"5|Emily|2023-12-24|insert|0|{v0}", $"6|Carl|2023-12-24|insert|0|{v0}",
            $"7|Dennis|2023-12-24|insert|0|{v0}", $"8|Claire|2023-12-25|insert|0|{v0}", $"9|Ada|2023-12-25|insert|0|{v0}",
            $"10|Borb|2023-12-25|insert|0|{v0}",
            $"2|Bob|2023-12-23|update_preimage|1|{v1}", $"2|Bob|2023-12-22|update_postimage|1|{v1}",
            $"3|Dave|2023-12-23|update_preimage|1|{v1}", $"3|Dave|2023-12-22|update_postimage|1|{v1}",
            $"4|Kate|2023-12-23|update_preimage|1|{v1}", $"4|Kate|2023-12-22|update_postimage|1|{v1}",
            $"5|Emily|2023-12-24|update_preimage|2|{v2}", $"5|Emily|2023-12-29|update_postimage|2|{v2}",
            $"6|Carl|2023-12-24|update_preimage|2|{v2}", $"6|Carl|2023-12-29|update_postimage|2|{v2}",
            $"7|Dennis|2023-12-24|update_preimage|2|{v2}", $"7|Dennis|2023-12-29|update_postimage|2|{v2}",
            $"7|Dennis|2023-12-29|delete|3|{v3}",
        ];
        expected.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Cdf_table_up_to_version_1_gives_16_rows()
    {
        var rows = await TableChanges.ReadAsync(Fixture.Storage("delta-rs/cdf-table"), string.Empty, 0, 1, CancellationToken.None);
        var actual = await Fixture.CanonAsync(rows, Columns);
        Assert.Equal(16, actual.Count);
        Assert.All(actual, r => Assert.Contains("|2023-12-22 17:10:", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cdf_table_typed_values()
    {
        var rows = await TableChanges.ReadAsync(Fixture.Storage("delta-rs/cdf-table"), string.Empty, 3, 3, CancellationToken.None);
        var all = new List<object?[]>();
        await foreach (var row in rows.Rows)
        {
            all.Add(row);
        }

        var delete = Assert.Single(all);
        Assert.Equal(7, delete[0]);
        Assert.Equal(new DateOnly(2023, 12, 29), delete[2]);
        Assert.Equal("delete", delete[3]);
        Assert.Equal(3L, delete[4]);
        Assert.Equal(new DateTime(2024, 1, 6, 16, 44, 59, 570, DateTimeKind.Utc), delete[5]);
    }

    [Fact]
    public async Task Simple_table_with_cdc_update_pre_and_post_images()
    {
        var rows = await TableChanges.ReadAsync(Fixture.Storage("delta-rs/simple_table_with_cdc"), string.Empty, 2, 2, CancellationToken.None);
        var actual = await Fixture.CanonAsync(rows, "id", "name", "_change_type", "_commit_version");
        Assert.Equal(["0|Mario|update_preimage|2", "0|Mino|update_postimage|2"], actual);
    }

    [Fact]
    public async Task Simple_table_refuses_with_change_data_not_enabled()
    {
        var e = await Assert.ThrowsAsync<ChangeDataNotEnabledException>(
            () => TableChanges.ReadAsync(Fixture.Storage("delta-rs/simple_table"), string.Empty, 0, null, CancellationToken.None));
        Assert.Contains("change data not enabled", e.Message, StringComparison.Ordinal);
    }
}
