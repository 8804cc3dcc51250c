namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>delta-io/delta golden tables, against the Delta kernel's expectations quoted in INDEX.md.</summary>
public sealed class GoldenTableTests
{
    [Fact]
    public async Task Basic_decimal_table_reads_int32_int64_and_fixed_decimals_and_a_decimal_partition()
    {
        var snapshot = await Fixture.LoadAsync("delta-golden/basic-decimal-table");
        var rows = await Fixture.RowsAsync(snapshot, "part", "col1", "col2", "col3");
        string[] expected =
        [
            "234|1|2|3",
            "2342222.23454|111.11|22222.22222|3333333333.3333333333",
            "0.00004|0|0|0",
            "-2342342.23423|-999.99|-99999.99999|-9999999999.9999999999",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public async Task Kernel_timestamp_int96_reads_instants_as_utc()
    {
        var snapshot = await Fixture.LoadAsync("delta-golden/kernel-timestamp-INT96");
        var rows = await Fixture.RowsAsync(snapshot, "id", "part", "time");
        string[] expected =
        [
            "0|" + Micros(1577866150001000) + "|" + Micros(1580544550000000),
            "1|" + Micros(1633075760000000) + "|" + Micros(915181200000000),
            "2|" + Micros(1633075760000000) + "|" + Micros(946717200000000),
            "3|" + Micros(-31536000000000) + "|" + Micros(-31536000000000),
            "4|null|null",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
        Assert.Contains("0|2020-01-01 08:09:10.001000Z|2020-02-01 08:09:10.000000Z", rows);
    }

    [Fact]
    public async Task Basic_with_inserts_deletes_checkpoint_latest()
    {
        var snapshot = await Fixture.LoadAsync("delta-golden/basic-with-inserts-deletes-checkpoint");
        Assert.Equal(13, snapshot.Version);
        var ids = Enumerable.Range(0, 5).Concat(Enumerable.Range(10, 5)).Concat(Enumerable.Range(20, 5)).Concat(Enumerable.Range(30, 5))
            .Concat(Enumerable.Range(40, 5)).Concat(Enumerable.Range(50, 16)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = await Fixture.RowsAsync(snapshot, "id");
        Assert.Equal(41, rows.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), rows);
    }

    private static string Micros(long micros) => Fixture.Canon(DateTime.UnixEpoch.AddTicks(micros * 10));
}
