using System.Text;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Operations;

namespace Kardiaflow.Lakehouse.Tests.Writing;

/// <summary>
/// Tables another engine created with writer rules this engine must not break: the log is written here as Spark writes
/// it (protocol, metaData, field metadata), the rows by this engine before the rule was set. Reads keep working; writes
/// the engine cannot honour are refused naming the feature and the table; appendOnly is honoured.
/// </summary>
public sealed class WriterFeatureTests : IDisposable
{
    private const string Schema =
        """{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"amount\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},{\"name\":\"region\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}""";

    private const string SchemaWithInvariant =
        """{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},{\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"amount\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{\"delta.invariants\":\"{\\\"expression\\\":{\\\"expression\\\":\\\"amount > 0\\\"}}\"}},{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},{\"name\":\"region\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}""";

    private readonly TempLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task An_append_only_table_takes_appends_and_insert_only_merges_and_refuses_whatever_removes_rows()
    {
        await TableWithRowsAsync(Metadata(Schema, """{"delta.appendOnly":"true"}"""), Protocol(1, 2));
        var table = await DeltaTable.OpenAsync(_lake.Storage, "t", default);
        var version = table.Version;

        await table.AppendAsync([TestTables.Row(10)], null, default);
        var insertOnly = await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(11)), new MergeRow(TestTables.Row(3))], null, default);
        Assert.Equal((1L, 0L), (insertOnly.Inserted, insertOnly.Updated));
        var after = table.Version;
        Assert.Equal(version + 2, after);

        var merge = await Assert.ThrowsAsync<AppendOnlyTableException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(3, "changed"))], null, default));
        Assert.Contains("delta.appendOnly=true", merge.Message, StringComparison.Ordinal);
        Assert.Contains("Only appends are allowed", merge.Message, StringComparison.Ordinal);
        Assert.Contains("'t'", merge.Message, StringComparison.Ordinal);
        Assert.Equal(DeltaOperations.Merge, merge.Operation);
        await Assert.ThrowsAsync<AppendOnlyTableException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(4), Delete: true)], null, default));
        await Assert.ThrowsAsync<AppendOnlyTableException>(() => table.DeleteAsync(_ => false, "false", default));
        await Assert.ThrowsAsync<AppendOnlyTableException>(() => table.OverwriteAsync([TestTables.Row(1)], null, default));
        var remove = WriteOperations.ToRemove(table.Snapshot.Files.Values.First(), 0);
        await Assert.ThrowsAsync<AppendOnlyTableException>(() => table.CommitAsync([remove], DeltaOperations.Delete, null, null, default));

        Assert.Equal(after, (await DeltaTable.OpenAsync(_lake.Storage, "t", default)).Version);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 10, 11], (await TestTables.ReadAsync(_lake.Storage, "t")).Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task A_column_invariant_refuses_every_write_naming_the_feature_the_table_and_the_column_and_the_table_still_reads()
    {
        await TableWithRowsAsync(Metadata(SchemaWithInvariant, "{}"), Protocol(1, 2));
        var table = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        var e = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.AppendAsync([TestTables.Row(10)], null, default));
        Assert.Equal(("invariants", true), (e.Feature, e.IsWrite));
        Assert.Contains("'t'", e.Message, StringComparison.Ordinal);
        Assert.Contains("column 'amount'", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1))], null, default));
        await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.DeleteAsync(_ => true, "true", default));
        await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.WriteDataFilesAsync([TestTables.Row(10)], default));
        Assert.Equal(6, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);
        var read = await table.ReadAsync(null, default);
        Assert.Equal(6, await read.Rows.CountAsync());
    }

    [Fact]
    public async Task A_check_constraint_refuses_writes_naming_the_constraint()
    {
        await TableWithRowsAsync(Metadata(Schema, """{"delta.constraints.positive_amount":"amount > 0"}"""), Protocol(1, 3));
        var table = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        var e = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1))], null, default));
        Assert.Equal("checkConstraints", e.Feature);
        Assert.Contains("'positive_amount'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'t'", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);
    }

    [Theory]
    [InlineData("""{"minReaderVersion":1,"minWriterVersion":7,"writerFeatures":["appendOnly","invariants","someFutureFeature"]}""", "someFutureFeature")]
    [InlineData("""{"minReaderVersion":1,"minWriterVersion":7,"writerFeatures":["generatedColumns"]}""", "generatedColumns")]
    [InlineData("""{"minReaderVersion":1,"minWriterVersion":8}""", "writerVersion8")]
    public async Task Writer_features_this_engine_does_not_honour_refuse_writes_and_reads_keep_working(string protocol, string feature)
    {
        await TableWithRowsAsync(Metadata(Schema, "{}"), protocol);
        var table = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        var e = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => table.AppendAsync([TestTables.Row(10)], null, default));
        Assert.Equal(feature, e.Feature);
        Assert.Contains($"writer feature '{feature}' on table 't'", e.Message, StringComparison.Ordinal);
        Assert.Contains("reading it works", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, (await TestTables.ReadAsync(_lake.Storage, "t")).Count);
    }

    [Fact]
    public async Task Listed_features_the_table_does_not_use_leave_writes_alone()
    {
        await TableWithRowsAsync(Metadata(Schema, "{}"), """{"minReaderVersion":1,"minWriterVersion":7,"writerFeatures":["appendOnly","invariants","checkConstraints","changeDataFeed"]}""");
        var table = await DeltaTable.OpenAsync(_lake.Storage, "t", default);

        await table.MergeAsync(["id"], [new MergeRow(TestTables.Row(1, "changed"))], null, default);
        await table.DeleteAsync(r => (long)r[0]! == 2, "id = 2", default);
        Assert.Equal([0L, 1, 3, 4, 5], (await TestTables.ReadAsync(_lake.Storage, "t")).Select(r => (long)r[0]!));
    }

    private static string Protocol(int reader, int writer) => $$$"""{"minReaderVersion":{{{reader}}},"minWriterVersion":{{{writer}}}}""";

    private static string Metadata(string schema, string configuration) =>
        $$$"""{"id":"{{{Guid.NewGuid()}}}","format":{"provider":"parquet","options":{}},"schemaString":"{{{schema}}}","partitionColumns":[],"configuration":{{{configuration}}},"createdTime":1700000000000}""";

    /// <summary>A table with six rows (written by this engine), then a commit that sets the protocol and metadata under test, as ALTER TABLE in Spark does.</summary>
    private async Task TableWithRowsAsync(string metadata, string protocol)
    {
        var table = await DeltaTable.CreateAsync(_lake.Storage, "t", TestTables.Simple, [], new Dictionary<string, string>(), default);
        await table.AppendAsync(TestTables.Rows(0, 6), null, default);
        var commit = $$$"""
            {"commitInfo":{"timestamp":1700000001000,"operation":"SET TBLPROPERTIES","operationParameters":{},"isBlindAppend":true}}
            {"protocol":{{{protocol}}}}
            {"metaData":{{{metadata}}}}

            """;
        Assert.True(await _lake.Storage.PutIfAbsentAsync("t/_delta_log/" + DeltaPath.CommitFileName(2), Encoding.UTF8.GetBytes(commit.ReplaceLineEndings("\n")), default));
    }
}
