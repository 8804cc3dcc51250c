using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Tests.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Checks;

/// <summary>The checks catch what they claim to, on tables corrupted on purpose.</summary>
public sealed class CheckTests : IDisposable
{
    private static readonly Dictionary<string, string> NoConfig = [];
    private readonly TempFolder _folder = new();

    private LocalLakeStorage Storage => new(_folder.Root);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_duplicate_key_in_Silver_fails_with_the_count_and_the_key_columns()
    {
        var schema = new StructType([new("claim_id", PrimitiveType.String), new("claim_amount", PrimitiveType.Double)]);
        var table = await DeltaTable.OpenOrCreateAsync(Storage, "silver/silver_claims", schema, [], NoConfig, CancellationToken.None);
        await table.AppendAsync([["C1", 1.0], ["C2", 2.0], ["C1", 3.0]], null, CancellationToken.None);

        var results = await CheckRunner.RunAsync(SilverChecks.All(Storage).Where(c => c.TableName == "silver_claims" && c.Name == "dup_key"), CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal((CheckStatus.Fail, "dup_key", "1"), (result.Status, result.Metric, result.Value));
        Assert.Contains("(claim_id)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_Silver_column_fails_and_names_it()
    {
        var columns = SilverChecks.Contracts["silver_claims"].Where(c => c != "claim_status").Select(c => new StructField(c, PrimitiveType.String)).ToList();
        await DeltaTable.OpenOrCreateAsync(Storage, "silver/silver_claims", new StructType(columns), [], NoConfig, CancellationToken.None);

        var results = await CheckRunner.RunAsync(SilverChecks.All(Storage).Where(c => c.TableName == "silver_claims" && c.Name == "contract"), CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal((CheckStatus.Fail, "missing_cols_count", "1"), (result.Status, result.Metric, result.Value));
        Assert.Equal("missing columns: claim_status", result.Message);
    }

    [Fact]
    public async Task A_null_in_a_not_null_Gold_column_fails()
    {
        var gold = GoldTables.ProviderDailySpend;
        var table = await DeltaTable.OpenOrCreateAsync(Storage, gold.Path, gold.Schema, [], NoConfig, CancellationToken.None);
        await table.AppendAsync([["PR1", new DateOnly(2025, 1, 1), 10.0], [null, new DateOnly(2025, 1, 1), 5.0]], null, CancellationToken.None);

        var results = await CheckRunner.RunAsync(GoldChecks.All(Storage).Where(c => c.TableName == gold.Name), CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal((CheckStatus.Fail, "nulls[provider_id]", "1"), (result.Status, result.Metric, result.Value));
        Assert.Equal("1 rows have a null provider_id", result.Message);
    }

    [Fact]
    public async Task A_clean_table_passes()
    {
        var gold = GoldTables.ProviderDailySpend;
        var table = await DeltaTable.OpenOrCreateAsync(Storage, gold.Path, gold.Schema, [], NoConfig, CancellationToken.None);
        await table.AppendAsync([["PR1", new DateOnly(2025, 1, 1), 10.0]], null, CancellationToken.None);
        var result = Assert.Single(await CheckRunner.RunAsync(GoldChecks.All(Storage).Where(c => c.TableName == gold.Name), CancellationToken.None));
        Assert.Equal(CheckStatus.Pass, result.Status);
    }

    [Fact]
    public async Task A_throwing_check_is_an_ERROR_and_the_others_still_run()
    {
        var checks = new[]
        {
            new DataCheck("SILVER", "t1", "boom", _ => throw new InvalidOperationException("kaput")),
            new DataCheck("SILVER", "t2", "fine", _ => Task.FromResult<IReadOnlyList<CheckResult>>([CheckResult.Of("SILVER", "t2", "m", 0, true)])),
        };

        var results = await CheckRunner.RunAsync(checks, CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.Equal(("t1", CheckRunner.ExceptionMetric, CheckStatus.Error), (results[0].TableName, results[0].Metric, results[0].Status));
        Assert.Contains("kaput", results[0].Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, results[1].Status);
    }

    [Fact]
    public async Task Every_check_runs_on_an_empty_lake_and_each_missing_table_is_an_ERROR_row_that_is_recorded()
    {
        var results = await CheckRunner.RunAsync(SmokeChecks.All(Storage), CancellationToken.None);
        Assert.All(results, r => Assert.Equal(CheckStatus.Error, r.Status));
        Assert.Equal(SmokeChecks.All(Storage).Count, results.Count);

        var runTs = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await SmokeResults.AppendAsync(Storage, runTs, results, CancellationToken.None);
        var latest = await SmokeResults.LatestAsync(Storage, CancellationToken.None);
        Assert.Equal(results.Count, latest.Count);
        Assert.All(latest, l => Assert.Equal(runTs, l.RunTs));
    }
}
