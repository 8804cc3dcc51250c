using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Lakehouse.Log;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
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
    public async Task Every_check_passes_on_a_lake_no_input_has_fed_yet_with_no_input_yet_and_is_recorded()
    {
        var results = await CheckRunner.RunAsync(SmokeChecks.All(Storage), CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass && r.Message == BronzeChecks.NoInputYet, $"{r.TableName} {r.Metric}: {r.Status} {r.Message}"));
        Assert.Contains(results, r => (r.TableName, r.Metric, r.Value) == ("bronze_claims", "row_count", "0"));

        var runTs = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await SmokeResults.AppendAsync(Storage, runTs, results, CancellationToken.None);
        var latest = await SmokeResults.LatestAsync(Storage, CancellationToken.None);
        Assert.Equal(results.Count, latest.Count);
        Assert.All(latest, l => Assert.Equal(runTs, l.RunTs));
    }

    [Fact]
    public async Task A_missing_Silver_table_is_still_an_ERROR_once_its_dataset_had_input()
    {
        await AppendBronzeAsync(DatasetCatalog.Claims, "claims/c.csv", "job1", 1, ["C1"]);

        var results = await CheckRunner.RunAsync(SilverChecks.All(Storage).Where(c => c.TableName == "silver_claims"), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(CheckStatus.Error, r.Status));
        Assert.NotEmpty(results);
    }

    [Fact]
    public async Task A_key_that_arrived_again_passes_dup_pk_when_Silver_resolved_it_and_fails_when_Silver_holds_it_twice()
    {
        await AppendBronzeAsync(DatasetCatalog.Claims, "claims/c.csv", "job1", 3, ["C1", "C2", "C1"]);
        var silver = await DeltaTable.OpenOrCreateAsync(Storage, "silver/silver_claims",
            new StructType([new("claim_id", PrimitiveType.String)]), [], NoConfig, CancellationToken.None);
        await silver.AppendAsync([["C1"], ["C2"]], null, CancellationToken.None);

        var resolved = await BronzeAsync(DatasetCatalog.Claims, "dup_pk");
        Assert.Equal((CheckStatus.Pass, "1", "1 keys arrived more than once; resolved in silver_claims"), (resolved.Status, resolved.Value, resolved.Message));

        await silver.AppendAsync([["C1"]], null, CancellationToken.None);
        var unresolved = await BronzeAsync(DatasetCatalog.Claims, "dup_pk");
        Assert.Equal(CheckStatus.Fail, unresolved.Status);
        Assert.Contains("silver_claims holds 1 duplicates too", unresolved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_arrived_again_passes_dup_pk_only_while_it_has_exactly_one_current_row()
    {
        await AppendBronzeAsync(DatasetCatalog.Providers, "providers/p.tsv", "job1", 2, ["P1", "P1"]);
        var silver = await DeltaTable.OpenOrCreateAsync(Storage, "silver/silver_providers",
            new StructType([new("provider_id", PrimitiveType.String), new("is_current", PrimitiveType.Boolean)]), [], NoConfig, CancellationToken.None);
        await silver.AppendAsync([["P1", false], ["P1", true]], null, CancellationToken.None);

        Assert.Equal(CheckStatus.Pass, (await BronzeAsync(DatasetCatalog.Providers, "dup_pk")).Status);

        await silver.AppendAsync([["P1", true]], null, CancellationToken.None);
        Assert.Equal(CheckStatus.Fail, (await BronzeAsync(DatasetCatalog.Providers, "dup_pk")).Status);
    }

    [Fact]
    public async Task Records_missing_from_the_end_of_a_file_fail_conservation_although_the_positions_left_are_consecutive()
    {
        // The reader counted 5 records; only positions 1..3 are anywhere. Inferring "read" from the highest position
        // would say 3 and pass.
        await AppendBronzeAsync(DatasetCatalog.Claims, "claims/c.csv", "job1", 5, ["C1", "C2", "C3"]);

        var result = await BronzeAsync(DatasetCatalog.Claims, "conservation");

        Assert.Equal((CheckStatus.Fail, "2"), (result.Status, result.Value));
        Assert.Contains("claims/c.csv (submission job1: read 5, landed 3)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_path_submitted_again_with_other_content_is_another_file_counted_on_its_own()
    {
        await AppendBronzeAsync(DatasetCatalog.Claims, "claims/c.csv", "job1", 4, ["C1", "C2", "C3", "C4"]);
        await AppendBronzeAsync(DatasetCatalog.Claims, "claims/c.csv", "job2", 2, ["C5", "C6"]);

        var result = await BronzeAsync(DatasetCatalog.Claims, "conservation");

        Assert.Equal((CheckStatus.Pass, "0"), (result.Status, result.Value));
    }

    private async Task<CheckResult> BronzeAsync(DatasetDefinition dataset, string metric) =>
        Assert.Single(await CheckRunner.RunAsync([BronzeChecks.For(Storage, dataset)], CancellationToken.None), r => r.Metric == metric);

    /// <summary>Bronze rows of one ingested file at positions 1..n, and a commit recording what its reader counted, as the ingestion does.</summary>
    private async Task AppendBronzeAsync(DatasetDefinition dataset, string file, string batch, long recordsRead, IReadOnlyList<string> keys)
    {
        var table = await DeltaTable.OpenOrCreateAsync(Storage, dataset.BronzeTablePath, dataset.BronzeSchema, [], NoConfig, CancellationToken.None);
        var rows = keys.Select((key, i) =>
        {
            var row = new object?[dataset.BronzeWidth];
            row[dataset.PrimaryKeyIndex] = key;
            row[dataset.RawColumnCount + AuditColumns.IngestTsOffset] = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            row[dataset.RawColumnCount + AuditColumns.SourceFileOffset] = file;
            row[dataset.RawColumnCount + AuditColumns.SourceRowOffset] = (long)(i + 1);
            row[dataset.RawColumnCount + AuditColumns.BatchIdOffset] = batch;
            return row;
        }).ToList();
        await table.AppendAsync(rows, null, CancellationToken.None);
        await table.CommitAsync([], DeltaOperations.Write, new Dictionary<string, string>
        {
            ["batchId"] = batch,
            [RecordsReadParameter.Name] = RecordsReadParameter.Format([KeyValuePair.Create(file, recordsRead)]),
        }, null, CancellationToken.None);
    }
}
