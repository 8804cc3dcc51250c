using System.Text;
using System.Text.Json.Nodes;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Tests.Conformance;

namespace Kardiaflow.Lakehouse.Tests.Reading;

public sealed class DeltaLogJsonTests
{
    [Fact]
    public void Serializes_actions_with_protocol_field_names()
    {
        var schema = new StructType([new StructField("id", PrimitiveType.Long, false), new StructField("d", PrimitiveType.Date)]);
        DeltaAction[] actions =
        [
            new CommitInfoAction(1700000000000, "WRITE", new Dictionary<string, string> { ["mode"] = "Append" }, null, "kardiaflow", 3, true),
            new ProtocolAction(1, 2),
            new MetadataAction("m-1", null, null, "parquet", SchemaJson.Serialize(schema), schema, ["d"], new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" }, 1700000000000),
            new AddFileAction("d=2024-01-01/part-0.parquet", new Dictionary<string, string?> { ["d"] = "2024-01-01" }, 123, 1700000000001, true, "{\"numRecords\":1}"),
            new RemoveFileAction("d=__HIVE_DEFAULT_PARTITION__/part-1.parquet", 1700000000002, true, true, new Dictionary<string, string?> { ["d"] = null }, 55),
            new CdcFileAction("_change_data/cdc-0.parquet", new Dictionary<string, string?>(), 77),
            new TxnAction("app", 9, 1700000000003),
        ];

        var text = Encoding.UTF8.GetString(DeltaLogJson.SerializeCommit(actions));
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.Equal("""{"commitInfo":{"timestamp":1700000000000,"operation":"WRITE","operationParameters":{"mode":"Append"},"readVersion":3,"isBlindAppend":true,"engineInfo":"kardiaflow"}}""", lines[0]);
        Assert.Equal("""{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", lines[1]);
        Assert.Equal(
            """{"metaData":{"id":"m-1","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}},{\"name\":\"d\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":["d"],"configuration":{"delta.enableChangeDataFeed":"true"},"createdTime":1700000000000}}""",
            lines[2]);
        Assert.Equal("""{"add":{"path":"d=2024-01-01/part-0.parquet","partitionValues":{"d":"2024-01-01"},"size":123,"modificationTime":1700000000001,"dataChange":true,"stats":"{\"numRecords\":1}"}}""", lines[3]);
        Assert.Equal("""{"remove":{"path":"d=__HIVE_DEFAULT_PARTITION__/part-1.parquet","deletionTimestamp":1700000000002,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{"d":null},"size":55}}""", lines[4]);
        Assert.Equal("""{"cdc":{"path":"_change_data/cdc-0.parquet","partitionValues":{},"size":77,"dataChange":false}}""", lines[5]);
        Assert.Equal("""{"txn":{"appId":"app","version":9,"lastUpdated":1700000000003}}""", lines[6]);

        var parsed = DeltaLogJson.ParseCommit(Encoding.UTF8.GetBytes(text), "x.json");
        Assert.Equal(actions.Select(DeltaLogJson.Serialize), parsed.Select(DeltaLogJson.Serialize));
        Assert.Equal(schema, ((MetadataAction)parsed[2]).Schema);
    }

    [Fact]
    public void Every_fixture_commit_round_trips()
    {
        var files = Directory.EnumerateFiles(Fixture.Dir(string.Empty), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "_delta_log" && Path.GetFileName(f).Length == 25).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} commit files found");
        foreach (var file in files)
        {
            var actions = DeltaLogJson.ParseCommit(File.ReadAllBytes(file), file);
            Assert.NotEmpty(actions);
            var again = DeltaLogJson.ParseCommit(DeltaLogJson.SerializeCommit(actions), file);
            Assert.Equal(actions.Select(DeltaLogJson.Serialize), again.Select(DeltaLogJson.Serialize));
        }
    }

    [Fact]
    public void Keeps_unknown_commit_info_fields_and_non_string_parameters()
    {
        const string line = """{"commitInfo":{"timestamp":5,"operation":"WRITE","operationParameters":{"mode":"Append","partitionBy":[]},"operationMetrics":{"execution_time_ms":12},"clientVersion":"delta-rs.0.17","txnId":"t"}}""";
        var info = Assert.IsType<CommitInfoAction>(DeltaLogJson.ParseCommit(Encoding.UTF8.GetBytes(line), "c.json").Single());
        Assert.Equal("[]", info.OperationParameters!["partitionBy"]);
        Assert.Equal("12", info.OperationMetrics!["execution_time_ms"]);
        Assert.Equal("delta-rs.0.17", (string?)info.Other!["clientVersion"]);
        var back = JsonNode.Parse(DeltaLogJson.Serialize(info))!["commitInfo"]!;
        Assert.Equal("t", (string?)back["txnId"]);
    }

    [Fact]
    public void Skips_blank_lines_and_unknown_actions()
    {
        var text = "{\"domainMetadata\":{\"domain\":\"x\"}}\r\n\r\n{\"txn\":{\"appId\":\"a\",\"version\":1}}\n";
        var action = Assert.Single(DeltaLogJson.ParseCommit(Encoding.UTF8.GetBytes(text), "c.json"));
        Assert.Equal(new TxnAction("a", 1), action);
    }

    [Theory]
    [InlineData("{\"add\":{\"path\":\"a\"}}", 1)]
    [InlineData("{\"txn\":{\"appId\":\"a\",\"version\":1}}\n[1,2]", 2)]
    [InlineData("{\"txn\":{\"appId\":\"a\",\"version\":1}}\n{\"txn\":{\"appId\":\"a\",\"vers", 2)]
    public void Malformed_lines_are_corrupt_log_errors_with_the_line(string text, int line)
    {
        var e = Assert.Throws<CorruptLogException>(() => DeltaLogJson.ParseCommit(Encoding.UTF8.GetBytes(text), "_delta_log/7.json"));
        Assert.Equal(line, e.Line);
        Assert.Equal("_delta_log/7.json", e.FilePath);
    }
}
