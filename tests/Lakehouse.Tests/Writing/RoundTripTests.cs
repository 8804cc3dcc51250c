using System.Text.Json;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Snapshots;

namespace Kardiaflow.Lakehouse.Tests.Writing;

public sealed class RoundTripTests : IDisposable
{
    private static readonly StructType AllTypes = new(
    [
        new StructField("id", PrimitiveType.Long, Nullable: false),
        new StructField("s", PrimitiveType.String),
        new StructField("i", PrimitiveType.Integer),
        new StructField("sh", PrimitiveType.Short),
        new StructField("b", PrimitiveType.Byte),
        new StructField("f", PrimitiveType.Float),
        new StructField("d", PrimitiveType.Double),
        new StructField("flag", PrimitiveType.Boolean),
        new StructField("bin", PrimitiveType.Binary),
        new StructField("dec", new DecimalType(20, 4)),
        new StructField("day", PrimitiveType.Date),
        new StructField("ts", PrimitiveType.Timestamp),
        new StructField("tags", new ArrayType(PrimitiveType.String, ContainsNull: true)),
        new StructField("attrs", new MapType(PrimitiveType.String, PrimitiveType.Long, ValueContainsNull: true)),
        new StructField("addr", new StructType([new StructField("city", PrimitiveType.String), new StructField("zip", PrimitiveType.Integer)])),
        new StructField("part", PrimitiveType.String),
    ]);

    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Every_type_nested_values_nulls_and_partitions_read_back_identically_at_each_version()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t/all", AllTypes, ["part"], new Dictionary<string, string>(), default);
        var v1 = Enumerable.Range(0, 50).Select(AllTypesRow).ToArray();
        var v2 = Enumerable.Range(50, 30).Select(AllTypesRow).ToArray();
        Assert.Equal(1, (await table.AppendAsync(v1, null, default)).Version);
        Assert.Equal(2, (await table.AppendAsync(v2, null, default)).Version);

        TestTables.AssertRowsEqual(v1, await TestTables.ReadAsync(_lake.Storage, "t/all", 1));
        TestTables.AssertRowsEqual(v1.Concat(v2), await TestTables.ReadAsync(_lake.Storage, "t/all", 2));
        Assert.Empty(await TestTables.ReadAsync(_lake.Storage, "t/all", 0));

        // Hive-style folders, with the null partition and an escaped '/' value.
        var snapshot = await Snapshot.LoadAsync(_lake.Storage, "t/all", null, default);
        var paths = snapshot.Files.Values.Select(f => DeltaPath.Decode(f.Path)).ToList();
        Assert.Contains(paths, p => p.StartsWith("part=__HIVE_DEFAULT_PARTITION__/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("part=a%2Fb/", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(_lake.Root, "t", "all", "part=a%2Fb")));
        Assert.Contains(snapshot.Files.Values, f => f.PartitionValues["part"] is null);
    }

    [Fact]
    public async Task Stats_hold_record_counts_bounds_and_null_counts()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t/stats", TestTables.Simple, [], new Dictionary<string, string>(), default);
        var rows = TestTables.Rows(10, 20).Append([99L, null, null, null, new string('z', 40)]).ToArray();
        await table.AppendAsync(rows, null, default);

        var add = Assert.Single(table.Snapshot.Files.Values);
        using var stats = JsonDocument.Parse(add.Stats!);
        var root = stats.RootElement;
        Assert.Equal(21, root.GetProperty("numRecords").GetInt64());
        Assert.Equal(10, root.GetProperty("minValues").GetProperty("id").GetInt64());
        Assert.Equal(99, root.GetProperty("maxValues").GetProperty("id").GetInt64());
        Assert.Equal("2024-01-11", root.GetProperty("minValues").GetProperty("day").GetString());
        Assert.Equal(1, root.GetProperty("nullCount").GetProperty("name").GetInt64());
        Assert.Equal(0, root.GetProperty("nullCount").GetProperty("id").GetInt64());
        Assert.Equal(12.5m, root.GetProperty("minValues").GetProperty("amount").GetDecimal());
        Assert.Equal(new string('z', 32) + "\U0010FFFF", root.GetProperty("maxValues").GetProperty("region").GetString());
    }

    [Fact]
    public async Task Overwrite_and_delete_read_back_at_every_version_and_history_records_the_operations()
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t/ops", TestTables.Simple, ["region"], new Dictionary<string, string>(), default);
        var eu = TestTables.Rows(0, 100, "EU");
        var us = TestTables.Rows(100, 100, "US");
        await table.AppendAsync([.. eu, .. us], null, default);
        static bool Doomed(object?[] r) => (long)r[0]! % 10 == 0 || ((string)r[4]! == "US" && (long)r[0]! < 150);
        var deleted = await table.DeleteAsync(Doomed, "id % 10 = 0 OR (US AND id < 150)", default);
        Assert.Equal(2, deleted.Version);
        Assert.Equal(10 + 55, deleted.RowsDeleted);
        var replacement = TestTables.Rows(1000, 5, "APAC");
        Assert.Equal(3, (await table.OverwriteAsync(replacement, null, default)).Version);

        TestTables.AssertRowsEqual([.. eu, .. us], await TestTables.ReadAsync(_lake.Storage, "t/ops", 1));
        TestTables.AssertRowsEqual(
            eu.Concat(us).Where(r => !Doomed(r)),
            await TestTables.ReadAsync(_lake.Storage, "t/ops", 2));
        TestTables.AssertRowsEqual(replacement, await TestTables.ReadAsync(_lake.Storage, "t/ops", 3));

        var none = await table.DeleteAsync(_ => false, "false", default);
        Assert.Equal(3, none.Version);
        Assert.Equal(0, none.RowsDeleted);

        var commits = Enumerable.Range(0, 4)
            .Select(v => DeltaLogJson.ParseCommit(File.ReadAllBytes(Path.Combine(_lake.Root, "t", "ops", "_delta_log", DeltaPath.CommitFileName(v))), "c"))
            .Select(c => c.OfType<CommitInfoAction>().Single())
            .ToList();
        Assert.Equal(["CREATE TABLE", "WRITE", "DELETE", "WRITE"], commits.Select(c => c.Operation));
        Assert.All(commits, c => Assert.StartsWith("Kardiaflow.Lakehouse/", c.EngineInfo, StringComparison.Ordinal));
        Assert.True(commits[1].IsBlindAppend);
        Assert.False(commits[2].IsBlindAppend);
        Assert.Equal(1, commits[2].ReadVersion);
        Assert.Equal("65", commits[2].OperationMetrics!["numDeletedRows"]);
        Assert.Equal("Overwrite", commits[3].OperationParameters!["mode"]);
    }

    private static object?[] AllTypesRow(int i) =>
    [
        (long)i,
        i % 7 == 0 ? null : $"s{i}",
        i % 5 == 0 ? null : i * 3,
        (short)(i - 20),
        (sbyte)(i % 100 - 50),
        i * 0.5f,
        i % 6 == 0 ? null : i / 3.0,
        i % 2 == 0,
        i % 4 == 0 ? null : new byte[] { (byte)i, 1, 2 },
        i % 3 == 0 ? null : (decimal)i * 1.0001m - 17m,
        new DateOnly(2020, 2, 28).AddDays(i),
        i % 8 == 0 ? null : new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(i * 12_345_670L),
        i % 9 == 0 ? null : Enumerable.Range(0, i % 4).Select(k => k == 1 ? null : $"t{k}").ToArray(),
        i % 10 == 0 ? null : new Dictionary<object, object?> { ["a"] = (long)i, ["b"] = i % 3 == 0 ? null : 7L },
        i % 11 == 0 ? null : new object?[] { i % 2 == 0 ? null : $"city{i}", i },
        (i % 3) switch { 0 => "x", 1 => "a/b", _ => null },
    ];
}
