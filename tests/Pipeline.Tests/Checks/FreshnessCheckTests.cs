using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Tests.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Checks;

/// <summary>
/// The freshness checks (docs/data-contract.md, Checks): Silver has consumed every Bronze version, Gold has consumed
/// every Silver version, on a real Silver table and the progress the Validation grain gathers.
/// </summary>
public sealed class FreshnessCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private LocalLakeStorage Storage => new(_folder.Root);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Gold_that_consumed_every_Silver_version_passes_and_one_behind_fails_with_the_versions_and_its_error()
    {
        var version = await SilverClaimsWithVersionsAsync(3);
        var passed = await GoldResultAsync(new Dictionary<string, long> { [GoldInputs.Claims] = version }, new Dictionary<string, long> { [GoldInputs.Claims] = version });
        Assert.Equal((CheckStatus.Pass, "0"), (passed.Status, passed.Value));

        var behind = await GoldResultAsync(new Dictionary<string, long> { [GoldInputs.Claims] = version }, new Dictionary<string, long> { [GoldInputs.Claims] = version - 2 }, "InvalidCastException");
        Assert.Equal((CheckStatus.Fail, "2"), (behind.Status, behind.Value));
        Assert.Equal($"Gold consumed silver_claims up to version {version - 2} of {version}; Gold's update failed: InvalidCastException", behind.Message);
    }

    [Fact]
    public async Task Gold_whose_cursor_is_past_the_Silver_table_fails_as_a_table_replaced_underneath()
    {
        var version = await SilverClaimsWithVersionsAsync(1);
        var past = await GoldResultAsync(new Dictionary<string, long> { [GoldInputs.Claims] = version }, new Dictionary<string, long> { [GoldInputs.Claims] = version + 2 });
        Assert.Equal((CheckStatus.Fail, "-2"), (past.Status, past.Value));
        Assert.Contains("replaced underneath Gold", past.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Silver_table_that_does_not_exist_passes_with_no_input_yet_unless_Gold_had_consumed_it()
    {
        var none = await GoldResultAsync(new Dictionary<string, long>(), new Dictionary<string, long>());
        Assert.Equal((CheckStatus.Pass, BronzeChecks.NoInputYet), (none.Status, none.Message));

        var deleted = await GoldResultAsync(new Dictionary<string, long>(), new Dictionary<string, long> { [GoldInputs.Claims] = 4 });
        Assert.Equal(CheckStatus.Fail, deleted.Status);
        Assert.Contains("deleted underneath Gold", deleted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_behind_its_Bronze_table_fails_naming_the_feed_and_its_error_type()
    {
        var feeds = new[]
        {
            new FeedProgress("bronze/bronze_claims", "silver_claims", 5, 3, "DeltaLakeException", 17),
            new FeedProgress("bronze/bronze_patients", "silver_patients", 4, 4, null, 0),
            new FeedProgress("bronze/bronze_feedback", "silver_feedback", -1, -1, null, 0),
        };
        var results = await CheckRunner.RunAsync(
            FreshnessChecks.All(Storage, new PipelineProgress(feeds, new Dictionary<string, long>(), new Dictionary<string, long>())).Where(c => c.Layer == SilverChecks.Layer),
            CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.Equal((CheckStatus.Fail, "2"), (results[0].Status, results[0].Value));
        Assert.Equal("the Silver feed of bronze/bronze_claims consumed Bronze up to version 3 of 5; its latest attempt failed: DeltaLakeException, 17 failed attempts", results[0].Message);
        Assert.Equal((CheckStatus.Pass, "0"), (results[1].Status, results[1].Value));
        Assert.Equal((CheckStatus.Pass, BronzeChecks.NoInputYet), (results[2].Status, results[2].Message));
    }

    private async Task<CheckResult> GoldResultAsync(Dictionary<string, long> silverBefore, Dictionary<string, long> goldConsumed, string? goldError = null)
    {
        var progress = new PipelineProgress([], silverBefore, goldConsumed, goldError);
        var results = await CheckRunner.RunAsync(
            FreshnessChecks.All(Storage, progress).Where(c => c.Layer == GoldChecks.Layer && c.TableName == "silver_claims"), CancellationToken.None);
        var result = Assert.Single(results);
        Assert.Equal(FreshnessChecks.GoldMetric, result.Metric);
        return result;
    }

    /// <summary>silver_claims created and appended to <paramref name="appends"/> times; its version.</summary>
    private async Task<long> SilverClaimsWithVersionsAsync(int appends)
    {
        var schema = new StructType([new("claim_id", PrimitiveType.String)]);
        var table = await DeltaTable.OpenOrCreateAsync(Storage, GoldInputs.Claims, schema, [], new Dictionary<string, string>(), CancellationToken.None);
        for (var i = 0; i < appends; i++)
        {
            await table.AppendAsync([[$"C{i}"]], null, CancellationToken.None);
        }

        return table.Version;
    }
}
