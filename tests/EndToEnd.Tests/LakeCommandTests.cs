using System.Text.Json;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>The built <c>kardiaflow lake</c> commands on the conformance fixtures, checking the jsonl contract of docs/architecture.md (Design rules: Console contract).</summary>
public sealed class LakeCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string Table(string relative) => Path.Combine(TestData.RepositoryRoot, "tests", "fixtures", "delta", relative);

    [Fact]
    public async Task Read_prints_one_json_object_per_row_with_typed_values()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", Table("dat/all_primitive_types/delta"));
        Assert.True(exit == 0, error);
        var lines = Lines(output);
        Assert.Equal(5, lines.Count);
        Assert.Contains(
            """{"utf8":"1","int64":1,"int32":1,"int16":1,"int8":1,"float32":1,"float64":1,"bool":false,"binary":"AA==","decimal":11.000,"date32":"1970-01-02","timestamp":"1970-01-01T01:00:00Z"}""",
            lines);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("int64").ValueKind);
        }
    }

    [Fact]
    public async Task Read_timestamps_are_utc_iso_with_z_and_nulls_are_null()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", Table("delta-golden/kernel-timestamp-INT96"));
        Assert.True(exit == 0, error);
        var lines = Lines(output);
        Assert.Contains("""{"id":0,"part":"2020-01-01T08:09:10.001Z","time":"2020-02-01T08:09:10Z"}""", lines);
        Assert.Contains("""{"id":4,"part":null,"time":null}""", lines);
    }

    [Fact]
    public async Task Read_with_version_time_travels()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", Table("delta-rs/simple_table"), "--version", "0");
        Assert.True(exit == 0, error);
        Assert.Equal(["""{"id":0}""", """{"id":1}""", """{"id":2}""", """{"id":3}""", """{"id":4}"""], Lines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Changes_prints_change_columns()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "changes", Table("delta-rs/cdf-table"), "--from", "3");
        Assert.True(exit == 0, error);
        Assert.Equal(
            ["""{"id":7,"name":"Dennis","birthday":"2023-12-29","_change_type":"delete","_commit_version":3,"_commit_timestamp":"2024-01-06T16:44:59.57Z"}"""],
            Lines(output));
    }

    [Fact]
    public async Task History_prints_commits_newest_first()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "history", Table("delta-rs/simple_table"), "--format", "jsonl");
        Assert.True(exit == 0, error);
        var versions = Lines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt64());
        Assert.Equal([4L, 3, 2, 1, 0], versions);
    }

    [Fact]
    public async Task Unsupported_table_fails_with_the_feature_on_stderr()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", Table("delta-rs/table-with-dv-small"));
        Assert.Equal(1, exit);
        Assert.Empty(output.Trim());
        Assert.Contains("deletionVectors", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_on_a_table_without_cdf_fails()
    {
        var (exit, _, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "changes", Table("delta-rs/simple_table"), "--from", "0");
        Assert.Equal(1, exit);
        Assert.Contains("change data not enabled", error, StringComparison.Ordinal);
    }

    private static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
