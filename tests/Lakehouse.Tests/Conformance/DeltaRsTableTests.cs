using Kardiaflow.Lakehouse.Reading;

namespace Kardiaflow.Lakehouse.Tests.Conformance;

/// <summary>delta-rs test tables, against the expectations INDEX.md quotes from delta-rs's own tests.</summary>
public sealed class DeltaRsTableTests
{
    [Theory]
    [InlineData(0L, new long[] { 0, 1, 2, 3, 4 })]
    [InlineData(2L, new long[] { 5, 6, 7, 8, 9 })]
    [InlineData(3L, new long[] { 5, 7, 9, 106, 108 })]
    [InlineData(4L, new long[] { 5, 7, 9 })]
    public async Task Simple_table_at_each_version(long version, long[] ids)
    {
        var snapshot = await Fixture.LoadAsync("delta-rs/simple_table", version);
        var rows = await Fixture.RowsAsync(snapshot, "id");
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public async Task Simple_table_v1_has_20_rows_and_latest_ignores_the_tmp_commit()
    {
        Assert.Equal(20, (await Fixture.RowsAsync(await Fixture.LoadAsync("delta-rs/simple_table", 1), "id")).Count);
        var latest = await Fixture.LoadAsync("delta-rs/simple_table");
        Assert.Equal(4, latest.Version);
        Assert.Equal(["5", "7", "9"], await Fixture.RowsAsync(latest, "id"));
    }

    [Fact]
    public async Task Simple_table_with_checkpoint_reads_checkpoint_and_below_it()
    {
        var latest = await Fixture.LoadAsync("delta-rs/simple_table_with_checkpoint");
        Assert.Equal(10, latest.Version);
        Assert.Equal(10, latest.CheckpointVersion);
        Assert.Equal(11, latest.Files.Count);
        Assert.Equal(["0", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], await Fixture.RowsAsync(latest, "version"));

        var v5 = await Fixture.LoadAsync("delta-rs/simple_table_with_checkpoint", 5);
        Assert.Null(v5.CheckpointVersion);
        Assert.Equal(6, v5.Files.Count);

        // read_delta_table_with_update: loading v0 then updating gives the latest file list.
        var v0 = await Fixture.LoadAsync("delta-rs/simple_table_with_checkpoint", 0);
        var updated = await v0.UpdateAsync(CancellationToken.None);
        Assert.Equal(10, updated.Version);
        Assert.Equal(latest.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal), updated.Files.Keys.Select(k => k.Path).Order(StringComparer.Ordinal));
        Assert.Same(updated, await updated.UpdateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoints_vacuumed_replays_from_checkpoints_only()
    {
        var latest = await Fixture.LoadAsync("delta-rs/checkpoints_vacuumed");
        Assert.Equal(12, latest.Version);
        Assert.Equal(5, latest.EarliestVersion);
        Assert.Equal(["date"], latest.PartitionColumns);
        Assert.Equal(["some_struct", "value", "ts", "date"], latest.Schema.Fields.Select(f => f.Name));
        for (var v = 5; v <= 12; v++)
        {
            Assert.Equal(v, (await Fixture.LoadAsync("delta-rs/checkpoints_vacuumed", v)).Files.Count);
        }

        await Assert.ThrowsAsync<VersionNotFoundException>(() => Fixture.LoadAsync("delta-rs/checkpoints_vacuumed", 4));
    }

    [Fact]
    public async Task Partitioned_0_8_0_table_three_levels()
    {
        var snapshot = await Fixture.LoadAsync("delta-rs/delta-0.8.0-partitioned");
        Assert.Equal(["year", "month", "day"], snapshot.PartitionColumns);
        Assert.Equal("fe5a3c11-30d4-4dd7-b115-a1c121e66a4e", snapshot.Metadata.Id);
        Assert.Equal(1615555644515, snapshot.Metadata.CreatedTime);
        Assert.Empty(snapshot.Metadata.Configuration);
        Assert.Equal(6, snapshot.Files.Count);
        var rows = await Fixture.RowsAsync(snapshot, "value", "year", "month", "day");
        string[] expected = ["1|2020|1|1", "2|2020|2|3", "3|2020|2|5", "6|2021|12|20", "7|2021|12|20", "5|2021|12|4", "4|2021|4|5"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows);
        var february2020 = snapshot.Files.Values
            .Where(f => f.PartitionValues["year"] == "2020" && f.PartitionValues["month"] == "2")
            .Select(f => f.Path[..f.Path.LastIndexOf('/')]).Order(StringComparer.Ordinal);
        Assert.Equal(["year=2020/month=2/day=3", "year=2020/month=2/day=5"], february2020);
    }

    [Fact]
    public async Task Null_partition_0_8_0_table()
    {
        var snapshot = await Fixture.LoadAsync("delta-rs/delta-0.8.0-null-partition");
        Assert.Equal(["A|1", "null|2"], await Fixture.RowsAsync(snapshot, "k", "v"));
        var nullFile = Assert.Single(snapshot.Files.Values, f => f.PartitionValues["k"] is null);
        Assert.StartsWith("k=__HIVE_DEFAULT_PARTITION__/part-00001-8474", nullFile.Path, StringComparison.Ordinal);
        Assert.StartsWith("k=A/part-00000-b1f1", Assert.Single(snapshot.Files.Values, f => f.PartitionValues["k"] == "A").Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cdf_table_latest_has_nine_rows_and_ignores_change_type_in_data_files()
    {
        var snapshot = await Fixture.LoadAsync("delta-rs/cdf-table");
        Assert.Equal(3, snapshot.Version);
        Assert.Equal(4, snapshot.Protocol.MinWriterVersion);
        var rows = TableReader.Read(snapshot, CancellationToken.None);
        Assert.Equal(["id", "name", "birthday"], rows.Schema.Fields.Select(f => f.Name));
        var canon = await Fixture.CanonAsync(rows, "id", "name", "birthday");
        Assert.Equal(9, canon.Count);
        Assert.Contains("5|Emily|2023-12-29", canon);
        Assert.DoesNotContain(canon, r => r.StartsWith("7|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simple_table_with_cdc_ignores_crc_files()
    {
        var snapshot = await Fixture.LoadAsync("delta-rs/simple_table_with_cdc");
        Assert.Equal(2, snapshot.Version);
        Assert.Equal("part-00000-7444aec4-710a-4a4c-8abe-3323499043e9.c000.snappy.parquet", Assert.Single(snapshot.Files.Keys).Path);
        Assert.Equal(["0|Mino"], await Fixture.RowsAsync(snapshot, "id", "name"));
        Assert.Equal("CDC test Table", snapshot.Metadata.Configuration["description"]);
    }
}
