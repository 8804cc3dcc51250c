using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Pipeline.Synthetic;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>
/// Every dataset definition walked through Bronze, Silver and the checks on a small generated submission: a definition
/// whose Silver rule, tables or checks are missing or wrong fails here, by name, rather than in a run.
/// </summary>
public sealed class DatasetWalkTests
{
    [Fact]
    public async Task Every_dataset_definition_reaches_Bronze_its_Silver_tables_and_passing_checks()
    {
        var input = TestData.NewFolder("walk-input");
        // Clean input (no dirt rates): every row of every dataset has a key, so each feed must carry rows into Silver.
        await new SyntheticDataGenerator(new SyntheticDataOptions(input, 60, 11)
        {
            Parts = 2, DuplicatePatientRate = 0, LatePatientRate = 0, ProviderChangeRate = 0, ClaimResendRate = 0,
            MalformedRate = 0, NullKeyRate = 0,
        }).GenerateAsync(null, CancellationToken.None);
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        var statuses = await SilverRun.SubmitAndWaitAsync(cluster, "walk", input);

        var storage = new LocalLakeStorage(cluster.Lake);
        foreach (var dataset in DatasetCatalog.All)
        {
            var bronze = await LakeTables.ReadAsync(cluster.Lake, dataset.BronzeTablePath);
            Assert.True(bronze.Count > 0, $"{dataset.Name}: nothing in {dataset.BronzeTablePath}");
            var status = Assert.Single(statuses, s => s.BronzeTable == dataset.BronzeTablePath);
            Assert.Equal(dataset.Silver.Table, status.SilverTable);
            Assert.Equal(bronze.Count, status.RowsRead);
            foreach (var target in dataset.Silver.Targets)
            {
                var rows = await LakeTables.ReadAsync(cluster.Lake, SilverTables.PathOf(target));
                Assert.True(rows.Count > 0, $"{dataset.Name}: nothing in {target}");
                Assert.Equal(SilverTables.SchemaOf(target).Fields.Select(f => f.Name), rows.Columns);
            }

            var checks = SilverChecks.All(storage).Where(c => dataset.Silver.Targets.Contains(c.TableName)).Prepend(BronzeChecks.For(storage, dataset)).ToList();
            Assert.Contains(checks, c => c.TableName == dataset.Silver.Table && c.Name == "dup_key");
            var results = await CheckRunner.RunAsync(checks, CancellationToken.None);
            Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, $"{dataset.Name}: {r.Layer} {r.TableName} {r.Metric} = {r.Value}: {r.Status} {r.Message}"));
        }
    }
}
