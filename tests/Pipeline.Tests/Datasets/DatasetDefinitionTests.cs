using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Pipeline.Synthetic;
using Kardiaflow.Pipeline.Tests.Ingestion;

namespace Kardiaflow.Pipeline.Tests.Datasets;

/// <summary>
/// The dataset definitions agree with the Silver table definitions, the checks and the generator: the cheap half of
/// the walk (tests/Cluster.Tests/Silver/DatasetWalkTests runs every definition through a cluster).
/// </summary>
public sealed class DatasetDefinitionTests
{
    public static TheoryData<string> Datasets { get; } = [.. DatasetCatalog.All.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(Datasets))]
    public void A_definition_names_a_Silver_table_rule_and_refreshes_that_exist(string name)
    {
        var dataset = DatasetCatalog.Get(name);
        var silver = SilverTables.Get(dataset.Silver.Table);
        Assert.False(silver.IsEnriched);
        Assert.False(string.IsNullOrWhiteSpace(dataset.Description));
        Assert.True(Enum.IsDefined(dataset.Silver.Rule));
        if (dataset.Silver.Rule is SilverRule.LatestPerKey or SilverRule.FirstPerKey)
        {
            Assert.NotNull(dataset.Silver.Conform);
        }

        foreach (var refresh in dataset.Silver.Refreshes)
        {
            var enriched = SilverTables.Get(refresh.Table);
            Assert.True(enriched.IsEnriched, $"{refresh.Table} is not an enriched table");
            if (refresh.IsFactRefresh)
            {
                Assert.Equal(dataset.Silver.Table, enriched.BaseTable);
            }
            else
            {
                Assert.True(enriched.Schema.IndexOf(refresh.DimensionColumn!) >= 0, $"{refresh.Table} has no column {refresh.DimensionColumn}");
            }
        }

        Assert.Equal(dataset.Silver.Table, dataset.Silver.Targets[0]);
    }

    [Fact]
    public void Every_Silver_table_is_written_by_exactly_one_dataset_feed_and_every_enriched_table_by_its_base_feed()
    {
        var owners = DatasetCatalog.All.GroupBy(d => d.Silver.Table).ToDictionary(g => g.Key, g => g.Count());
        foreach (var table in SilverTables.Definitions)
        {
            if (table.IsEnriched)
            {
                Assert.NotNull(table.Join);
                var feeds = DatasetCatalog.All.Where(d => d.Silver.Refreshes.Any(r => r.Table == table.Name && r.IsFactRefresh)).ToList();
                Assert.Equal(table.BaseTable, Assert.Single(feeds).Silver.Table);
            }
            else
            {
                Assert.Equal(1, owners.GetValueOrDefault(table.Name));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_dataset_has_Bronze_checks_and_its_Silver_tables_have_key_checks(string name)
    {
        var dataset = DatasetCatalog.Get(name);
        var checks = SmokeChecks.All(new Kardiaflow.Lakehouse.Storage.LocalLakeStorage(Path.GetTempPath()));
        Assert.Contains(checks, c => c.Layer == BronzeChecks.Layer && c.TableName == dataset.BronzeTableName);
        foreach (var table in dataset.Silver.Targets)
        {
            Assert.Contains(checks, c => c.Layer == SilverChecks.Layer && c.TableName == table && c.Name == "dup_key");
        }
    }

    [Fact]
    public async Task The_generator_writes_every_dataset_and_delimited_files_carry_the_raw_columns_as_header()
    {
        using var folder = new TempFolder();
        var summary = await new SyntheticDataGenerator(new SyntheticDataOptions(folder.Root, 5, 3) { Parts = 1 }).GenerateAsync(null, CancellationToken.None);
        Assert.Equal(DatasetCatalog.All.Select(d => d.Name).Order(), summary.Datasets.Keys.Order());
        foreach (var dataset in new[] { DatasetCatalog.Patients, DatasetCatalog.Providers })
        {
            var file = Path.Combine(folder.Root, summary.Datasets[dataset.Name].Files[0]);
            var separator = file.EndsWith(".tsv", StringComparison.Ordinal) ? '\t' : ',';
            Assert.Equal(dataset.RawSchema.Fields.Select(f => f.Name), File.ReadLines(file).First().Split(separator));
        }
    }
}
