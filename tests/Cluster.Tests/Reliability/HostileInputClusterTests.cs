using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Ingestion;
using Kardiaflow.Tests.Shared.Fuzz;
using Xunit.Abstractions;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// Hostile input through the path a silo takes (docs/reliability.md, Hostile input): the job's listing and planning,
/// the file-partition grains reading parts and writing Bronze and quarantine data files, the path-ordered commits to real
/// local Delta tables, and the conservation check.
/// </summary>
public sealed class HostileInputClusterTests(ITestOutputHelper output)
{
    private const long Seed = 20261206;
    private const int Cases = 120;

    [Fact]
    public async Task Fuzzed_files_through_a_silo_end_every_record_in_Bronze_or_quarantine_or_fail_alone_naming_the_file()
    {
        var seed = long.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_FUZZ_SEED"), out var s) ? s : Seed;
        var generator = new FuzzGenerator(FuzzBases.For(TestData.SamplesFolder));
        var input = TestData.NewFolder("fuzz-input");
        var cases = Enumerable.Range(0, Cases).Select(i => generator.Generate(seed, i)).ToList();
        var expected = new Dictionary<string, ReadTrace>(StringComparer.Ordinal);
        foreach (var fuzz in cases)
        {
            var path = Path.Combine(input, fuzz.Dataset, fuzz.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, fuzz.Bytes);
            expected[fuzz.RelativePath] = await FuzzReader.ReadAsync(input, fuzz.RelativePath, DatasetCatalog.Get(fuzz.Dataset), RawReaderOptions.Default, null, CancellationToken.None);
        }

        // Small parts, so that files are cut and read by several grains as large files are.
        await using var cluster = await KardiaflowTestCluster.StartAsync(2, new Dictionary<string, string?> { ["Kardiaflow:Ingestion:TargetPartBytes"] = "4096" });
        var job = cluster.Client.GetGrain<IIngestionJobGrain>("fuzz");
        await job.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(5));

        var storage = new LocalLakeStorage(cluster.Lake);
        var bronze = new Dictionary<string, long>(StringComparer.Ordinal);
        var quarantined = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var dataset in DatasetCatalog.All)
        {
            Count(bronze, await LakeTables.ReadAsync(storage, dataset.BronzeTablePath));
            Count(quarantined, await LakeTables.ReadAsync(storage, dataset.QuarantineTablePath));
        }

        var problems = new List<string>();
        foreach (var fuzz in cases)
        {
            var file = Assert.Single(done.Files, f => f.RelativePath == fuzz.RelativePath);
            var want = expected[fuzz.RelativePath];
            var lake = (bronze.GetValueOrDefault(fuzz.RelativePath), quarantined.GetValueOrDefault(fuzz.RelativePath));
            if (want.Refused is not null)
            {
                if (file.Status != FileStatus.Failed || file.Error?.Contains(fuzz.RelativePath, StringComparison.Ordinal) != true || lake != (0, 0))
                {
                    problems.Add($"{fuzz.Describe()}: expected refused ({want.Refused.Message}), got {file.Status} {file.Error}, lake {lake}");
                }
            }
            else if (file.Status != FileStatus.Ingested || file.RowsRead != want.Counts.RecordsRead
                || lake != (want.Counts.BronzeRows, want.Counts.QuarantinedRows) || file.BronzeRows != lake.Item1 || file.QuarantinedRows != lake.Item2)
            {
                problems.Add($"{fuzz.Describe()}: expected {want.Counts}, got {file.Status} {file.Error} read {file.RowsRead}, lake {lake}");
            }
        }

        var checks = await CheckRunner.RunAsync([.. DatasetCatalog.All.Select(d => BronzeChecks.For(storage, d))], CancellationToken.None);
        problems.AddRange(checks.Where(c => c.Metric == "conservation" && c.Failed).Select(c => $"{c.TableName} conservation {c.Value}: {c.Message}"));
        output.WriteLine($"seed {seed}: {cases.Count} files, {done.Files.Count(f => f.Status == FileStatus.Failed)} refused whole, "
            + $"records read {done.Files.Sum(f => f.RowsRead)}, Bronze {bronze.Values.Sum()}, quarantined {quarantined.Values.Sum()}");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\n(replay one case: KARDIAFLOW_FUZZ_SEED={seed} KARDIAFLOW_FUZZ_CASE=<case> in Pipeline.Tests)");
    }

    private static void Count(Dictionary<string, long> counts, TableContents table)
    {
        foreach (var file in table.Column("_source_file"))
        {
            counts[(string)file!] = counts.GetValueOrDefault((string)file!) + 1;
        }
    }
}
