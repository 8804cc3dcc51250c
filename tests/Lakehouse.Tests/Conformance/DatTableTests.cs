using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>The DAT tables (Spark 3.3 / Delta 2.1 output) against their expected/ parquet and INDEX.md.</summary>
public sealed class DatTableTests
{
    [Theory]
    [InlineData(0L, "v0", 3)]
    [InlineData(1L, "v1", 5)]
    [InlineData(null, "latest", 5)]
    public async Task Basic_append_matches_expected_at_each_version(long? version, string folder, int count)
    {
        var snapshot = await Fixture.LoadAsync("dat/basic_append/delta", version);
        var rows = await Fixture.RowsAsync(snapshot, "letter", "number", "a_float");
        Assert.Equal(count, rows.Count);
        Assert.Equal(await Fixture.DatExpectedAsync("basic_append", folder, "letter", "number", "a_float"), rows);
        Assert.Equal(1, snapshot.Protocol.MinReaderVersion);
        Assert.Equal(2, snapshot.Protocol.MinWriterVersion);
    }

    [Fact]
    public async Task Basic_append_literal_rows()
    {
        var v0 = await Fixture.RowsAsync(await Fixture.LoadAsync("dat/basic_append/delta", 0), "letter", "number", "a_float");
        Assert.Equal(["a|1|1.1", "b|2|2.2", "c|3|3.3"], v0);
        var v1 = await Fixture.RowsAsync(await Fixture.LoadAsync("dat/basic_append/delta"), "letter", "number", "a_float");
        Assert.Equal(["a|1|1.1", "b|2|2.2", "c|3|3.3", "d|4|4.4", "e|5|5.5"], v1);
    }

    [Theory]
    [InlineData(0L, "v0")]
    [InlineData(1L, "v1")]
    [InlineData(null, "latest")]
    public async Task Basic_partitioned_matches_expected_including_null_partition(long? version, string folder)
    {
        var snapshot = await Fixture.LoadAsync("dat/basic_partitioned/delta", version);
        Assert.Equal(["letter"], snapshot.PartitionColumns);
        var rows = await Fixture.RowsAsync(snapshot, "letter", "number", "a_float");
        Assert.Equal(await Fixture.DatExpectedAsync("basic_partitioned", folder, "letter", "number", "a_float"), rows);
        if (folder == "latest")
        {
            Assert.Equal(["a|1|1.1", "a|4|4.4", "b|2|2.2", "c|3|3.3", "e|5|5.5", "null|6|6.6"], rows);
        }
    }

    [Fact]
    public async Task All_primitive_types_reads_every_type()
    {
        var snapshot = await Fixture.LoadAsync("dat/all_primitive_types/delta");
        string[] columns = ["utf8", "int64", "int32", "int16", "int8", "float32", "float64", "bool", "binary", "decimal", "date32", "timestamp"];
        var rows = await Fixture.RowsAsync(snapshot, columns);
        Assert.Equal(await Fixture.DatExpectedAsync("all_primitive_types", "latest", columns), rows);
        Assert.Equal(5, rows.Count);
        Assert.Equal("0|0|0|0|0|0|0|true|0x|10|1970-01-01|1970-01-01 00:00:00.000000Z", rows[0]);
        Assert.Equal("3|3|3|3|3|3|3|false|0x000000|13|1970-01-04|1970-01-01 03:00:00.000000Z", rows[3]);

        // The CLR types documented on DeltaType.
        var first = await FirstRowAsync(snapshot);
        Assert.IsType<string>(first[0]);
        Assert.IsType<long>(first[1]);
        Assert.IsType<int>(first[2]);
        Assert.IsType<short>(first[3]);
        Assert.IsType<sbyte>(first[4]);
        Assert.IsType<float>(first[5]);
        Assert.IsType<double>(first[6]);
        Assert.IsType<bool>(first[7]);
        Assert.IsType<byte[]>(first[8]);
        Assert.IsType<decimal>(first[9]);
        Assert.IsType<DateOnly>(first[10]);
        Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(first[11]).Kind);
    }

    [Fact]
    public async Task Multi_partitioned_2_parses_boolean_timestamp_and_decimal_partitions()
    {
        var snapshot = await Fixture.LoadAsync("dat/multi_partitioned_2/delta");
        Assert.Equal(0, snapshot.Version);
        var columns = snapshot.Schema.Fields.Select(f => f.Name).ToArray();
        var rows = await Fixture.RowsAsync(snapshot, columns);
        Assert.Equal(await Fixture.DatExpectedAsync("multi_partitioned_2", "latest", columns), rows);
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Contains("1970-01-02 08:45:00.000000Z", StringComparison.Ordinal) && r.Contains("false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("with_checkpoint")]
    [InlineData("no_replay")]
    [InlineData("stats_as_struct")]
    public async Task Checkpointed_tables_match_expected_latest(string table)
    {
        var snapshot = await Fixture.LoadAsync($"dat/{table}/delta");
        Assert.Equal(3, snapshot.Version);
        Assert.Equal(2, snapshot.CheckpointVersion);
        var rows = await Fixture.RowsAsync(snapshot, "letter", "int", "date");
        Assert.Equal(await Fixture.DatExpectedAsync(table, "latest", "letter", "int", "date"), rows);
        Assert.Equal(
            ["a|595|2013-03-01", "a|93|1975-06-01", "b|753|2012-05-01", "c|620|1983-10-01", "null|653|1995-12-01"],
            rows);
    }

    [Fact]
    public async Task No_replay_cannot_go_below_its_checkpoint()
    {
        var e = await Assert.ThrowsAsync<VersionNotFoundException>(() => Fixture.LoadAsync("dat/no_replay/delta", 1));
        Assert.Contains("2 to 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Fixture.LoadAsync("dat/no_replay/delta", 2)).Version);
    }

    [Fact]
    public async Task With_schema_change_uses_the_schema_of_the_requested_version()
    {
        var v0 = await Fixture.LoadAsync("dat/with_schema_change/delta", 0);
        Assert.Equal(["letter", "number"], v0.Schema.Fields.Select(f => f.Name));
        Assert.Equal(["a|1", "b|2", "c|3"], await Fixture.RowsAsync(v0, "letter", "number"));

        var v1 = await Fixture.LoadAsync("dat/with_schema_change/delta", 1);
        Assert.Equal(["num1", "num2"], v1.Schema.Fields.Select(f => f.Name));
        var rows = await Fixture.RowsAsync(v1, "num1", "num2");
        Assert.Equal(["22|33", "44|55", "66|77"], rows);
        Assert.Equal(await Fixture.DatExpectedAsync("with_schema_change", "v1", "num1", "num2"), rows);
        Assert.Equal(await Fixture.DatExpectedAsync("with_schema_change", "latest", "num1", "num2"), rows);
    }

    private static async Task<object?[]> FirstRowAsync(Snapshot snapshot)
    {
        await foreach (var row in Kardiaflow.Lakehouse.Reading.TableReader.Read(snapshot, CancellationToken.None).Rows)
        {
            return row;
        }

        throw new InvalidOperationException("empty table");
    }
}
