using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Cluster.Tests;

/// <summary>The sample submission on a 3-silo cluster: Bronze counts, audit columns, quarantine, and "already ingested".</summary>
public sealed class SampleIngestionTests
{
    private static readonly Dictionary<string, long> ExpectedBronze = new()
    {
        ["patients"] = 3000,
        ["encounters"] = 15000,
        ["claims"] = 3000,
        ["providers"] = 2694,
        ["feedback"] = 1500,
    };

    [Fact]
    public async Task Sample_data_lands_in_Bronze_once_and_a_second_submission_adds_nothing()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(3);
        var input = TestData.CopySamples();

        var first = cluster.Client.GetGrain<IIngestionJobGrain>("job-sample-1");
        await first.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(first, TimeSpan.FromMinutes(3));

        Assert.True(done.Succeeded, string.Join("; ", done.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}")));
        Assert.Equal(15, done.Files.Count);
        Assert.All(done.Files, f => Assert.Equal(FileStatus.Ingested, f.Status));
        foreach (var (dataset, rows) in ExpectedBronze)
        {
            var progress = done.Datasets.Single(d => d.Dataset == dataset);
            Assert.Equal(rows, progress.BronzeRows);
            Assert.Equal(dataset == "patients" ? 1 : 0, progress.QuarantinedRows);
            Assert.Equal(progress.BronzeRows + progress.QuarantinedRows, progress.RowsRead);

            var bronze = await LakeTables.ReadAsync(cluster.Lake, $"bronze/bronze_{dataset}");
            Assert.Equal(rows, bronze.Count);
            Assert.Equal(bronze.Count, bronze.Sources().Distinct().Count());
            Assert.All(bronze.Column("_batch_id"), b => Assert.Equal("job-sample-1", b));
            Assert.All(bronze.Column("_ingest_ts"), t => Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(t).Kind));

            // _ingest_ts is the time of the Bronze commit that wrote the row, and one table's commits have strictly
            // increasing times (SCD2 closes a provider version at the next commit's time).
            var changes = await Kardiaflow.Lakehouse.Reading.TableChanges.ReadAsync(
                new Kardiaflow.Lakehouse.Storage.LocalLakeStorage(cluster.Lake), $"bronze/bronze_{dataset}", 1, null, default);
            var ingestTs = changes.Schema.IndexOf("_ingest_ts");
            var commitVersion = changes.Schema.IndexOf("_commit_version");
            var commitTs = changes.Schema.IndexOf("_commit_timestamp");
            var perCommit = new SortedDictionary<long, HashSet<DateTime>>();
            await foreach (var change in changes.Rows)
            {
                Assert.Equal(change[commitTs], change[ingestTs]);
                var set = perCommit.TryGetValue((long)change[commitVersion]!, out var s) ? s : perCommit[(long)change[commitVersion]!] = [];
                set.Add((DateTime)change[ingestTs]!);
            }

            Assert.Equal(3, perCommit.Count);
            Assert.All(perCommit.Values, s => Assert.Single(s));
            var times = perCommit.Values.Select(s => s.Single()).ToList();
            Assert.Equal(times.Order(), times);
            Assert.Equal(times.Count, times.Distinct().Count());
        }

        var quarantine = await LakeTables.ReadAsync(cluster.Lake, "_quarantine/bad_patients");
        var bad = Assert.Single(quarantine.Rows);
        Assert.Equal("patients/patients_part_1.csv", quarantine.Column("_source_file").Single());
        Assert.Matches("expected 17 fields.*found 1", (string)quarantine.Column("reason").Single()!);
        Assert.NotNull(bad);

        var versions = new Dictionary<string, long>();
        foreach (var dataset in ExpectedBronze.Keys)
        {
            versions[dataset] = (await LakeTables.ReadAsync(cluster.Lake, $"bronze/bronze_{dataset}")).Version;
        }

        var second = cluster.Client.GetGrain<IIngestionJobGrain>("job-sample-2");
        await second.SubmitAsync(new SubmissionRequest(input, null, []));
        var again = await cluster.WaitAsync(second, TimeSpan.FromMinutes(2));

        Assert.True(again.Succeeded);
        Assert.All(again.Files, f => Assert.Equal(FileStatus.Skipped, f.Status));
        Assert.All(again.Files, f => Assert.Contains("already ingested", f.Error, StringComparison.Ordinal));
        foreach (var (dataset, rows) in ExpectedBronze)
        {
            var bronze = await LakeTables.ReadAsync(cluster.Lake, $"bronze/bronze_{dataset}");
            Assert.Equal(rows, bronze.Count);
            Assert.Equal(versions[dataset], bronze.Version);
        }
    }
}
