using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// One cluster across processes on shared Azure Storage (Azurite): real silo processes, each from its own empty folder,
/// the console submitting through the membership table, a silo killed mid-submission and another started, and every
/// Silver and Gold table equal to the Local profile's on the same input.
/// </summary>
public sealed class AzureProfileClusterTests
{
    // Derived from the wall clock at ingestion (audit columns, SCD2 validity): they differ between any two runs.
    private static readonly HashSet<string> RunDependentColumns = ["_ingest_ts", "_batch_id", "eff_start_ts", "eff_end_ts"];

    [Fact]
    public async Task Three_Azure_silos_from_empty_folders_survive_a_killed_silo_and_match_the_Local_profile()
    {
        var generated = TestData.NewFolder("generated");
        var (genExit, genOut, genErr) = await KardiaflowProcess.RunAsync(TimeSpan.FromMinutes(2), "generate", "--out", generated, "--patients", "2000", "--seed", "11");
        Assert.True(genExit == 0, genOut + genErr);

        // The reference: the Local profile, embedded, the same two submissions in the same order.
        var local = TestData.NewFolder("local-lake");
        var sampleRun = await KardiaflowProcess.RunAsync(TimeSpan.FromMinutes(4), "run", "--input", TestData.SamplesFolder, "--lake", local);
        Assert.True(sampleRun.ExitCode == 0, sampleRun.Output + sampleRun.Error);
        await KardiaflowProcess.RunAsync(TimeSpan.FromMinutes(4), "run", "--input", generated, "--lake", local);

        await using var cluster = await AzureCluster.StartAsync(3, new Dictionary<string, string>
        {
            // Small parts and data files, two parts at a time: work spreads over the silos and a submission lasts long
            // enough to be caught in flight.
            ["Kardiaflow__Ingestion__TargetPartBytes"] = "65536",
            ["Kardiaflow__Ingestion__RowsPerDataFile"] = "500",
            ["Kardiaflow__Ingestion__MaxConcurrentParts"] = "2",
            // The killed silo's entry in the lake's writer lease expires 10 s after its last renewal (rebuild, below).
            ["Kardiaflow__Lake__WriterLease"] = "00:00:10",
        });

        var sample = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(10), "submit", TestData.SamplesFolder, "--wait");
        Assert.True(sample.ExitCode == 0, $"exit {sample.ExitCode}\n{sample.Output}\n{sample.Error}");
        Assert.Contains("Uploaded 15 files", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", sample.Output, StringComparison.Ordinal);

        await cluster.ConnectAsync();
        await AssertEverySiloHostsEveryStageAsync(cluster);

        // The generated submission, with the silo that runs its job killed once a file is in Bronze, and a fresh silo started.
        var submitted = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(2), "submit", generated);
        Assert.True(submitted.ExitCode == 0, submitted.Output + submitted.Error);
        var jobId = submitted.Output.Split("Submitted job ")[1].Split('.')[0].Trim();
        var job = cluster.Client.GetGrain<IIngestionJobGrain>(jobId);
        var killed = false;
        var done = await WaitAsync(job, TimeSpan.FromMinutes(10), async snapshot =>
        {
            if (!killed && !snapshot.IsTerminal && snapshot.Files.Any(f => f.Status == FileStatus.Ingested))
            {
                var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
                var host = statistics.First(s => s.GrainId == job.GetGrainId()).SiloAddress;
                cluster.SiloAt(host).KillHard();
                killed = true;
                await cluster.StartSiloAsync();
            }
        });
        Assert.True(killed, "the job finished before its silo could be killed");
        Assert.True(done.Succeeded, string.Join("; ", done.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}")));

        // Submitting the same files again ingests nothing and runs Silver, Gold and the checks to the end.
        var finish = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(10), "submit", generated, "--wait");
        Assert.Contains("skipped, already ingested", finish.Output, StringComparison.Ordinal);

        foreach (var table in SilverTables.All.Select(SilverTables.PathOf).Concat(GoldTables.All.Select(t => t.Path)))
        {
            var expected = Canonical(await LakeTables.ReadAsync(local, table));
            var actual = Canonical(await LakeTables.ReadAsync(cluster.Lake, table));
            Assert.True(expected.Count > 0, $"{table} is empty in the Local run");
            Assert.True(expected.SequenceEqual(actual), $"{table}: {expected.Count} rows in the Local profile, {actual.Count} in the Azure profile, {expected.Except(actual).Count()} differ");
        }

        await AssertBronzeExactlyOnceAsync(cluster.Lake, local);
        Assert.Equal(await CheckStatusesAsync(new LocalLakeStorage(local)), await CheckStatusesAsync(cluster.Lake));
        Assert.All(cluster.WorkingFolders, folder => Assert.Empty(Directory.EnumerateFileSystemEntries(folder)));

        // The console's other commands read the same cluster and container from the same environment.
        var status = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(2), "status");
        Assert.True(status.ExitCode == 0 && status.Output.Contains(jobId, StringComparison.Ordinal), status.Output + status.Error);
        var kpis = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(2), "kpis");
        Assert.True(kpis.ExitCode == 0 && kpis.Output.Contains("Denial rate by specialty", StringComparison.Ordinal), kpis.Output + kpis.Error);
        var checks = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(2), "checks");
        var localChecks = await KardiaflowProcess.RunAsync(TimeSpan.FromMinutes(2), "checks", "--lake", local);
        Assert.True(checks.Output.Contains("GOLD checks", StringComparison.Ordinal) && checks.ExitCode == localChecks.ExitCode, checks.Output + checks.Error);
        var read = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(2), "lake", "read", "gold/gold_patient_lifecycle");
        Assert.True(read.ExitCode == 0, read.Error);
        Assert.Equal(
            (await LakeTables.ReadAsync(cluster.Lake, "gold/gold_patient_lifecycle")).Count,
            read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // rebuild replays Bronze into fresh Silver and Gold (the cluster stopped first, cleanly, so that it leaves the lake's
        // writer lease; rebuild is refused while the cluster holds it): the same tables.
        await Task.WhenAll(cluster.Silos.Where(s => !s.HasExited).Select(s => s.StopAsync()));
        var stopped = DateTime.UtcNow;
        while (await Kardiaflow.Silo.Lease.LakeWriterLease.ReadHolderAsync(cluster.Lake, sameHostLiveness: false, CancellationToken.None) is not null)
        {
            Assert.True(DateTime.UtcNow - stopped < TimeSpan.FromSeconds(30), "the stopped cluster still holds the lake");
            await Task.Delay(500);
        }

        var rebuild = await KardiaflowProcess.RunAsync(cluster.Environment, TimeSpan.FromMinutes(10), "rebuild");
        Assert.Contains("Gold: epoch 1,", rebuild.Output, StringComparison.Ordinal);
        foreach (var table in SilverTables.All.Select(SilverTables.PathOf).Concat(GoldTables.All.Select(t => t.Path)))
        {
            var expected = Canonical(await LakeTables.ReadAsync(local, table));
            var actual = Canonical(await LakeTables.ReadAsync(cluster.Lake, table));
            Assert.True(expected.SequenceEqual(actual), $"{table} after rebuild: {expected.Count} rows in the Local profile, {actual.Count} in the Azure profile");
        }
    }

    private static async Task AssertEverySiloHostsEveryStageAsync(AzureCluster cluster)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var perSilo = statistics.GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Select(s => s.GrainType).ToList());
        Assert.Equal(3, perSilo.Count);
        foreach (var (silo, types) in perSilo)
        {
            foreach (var stage in new[] { "FilePartitionGrain", "PartitionGrain", "KpiAggregatorGrain" })
            {
                var count = types.Count(t => t.Contains(stage, StringComparison.Ordinal));
                Assert.True(count > 0, $"silo {silo} hosts no {stage}: {string.Join(", ", types.Distinct())}");
            }
        }
    }

    private static async Task AssertBronzeExactlyOnceAsync(ILakeStorage azure, string local)
    {
        foreach (var dataset in new[] { "patients", "encounters", "claims", "providers", "feedback" })
        {
            // Both submissions hold files of the same names: a record is its job, file and row.
            var sources = new List<(string Job, string File, long Row)>();
            foreach (var table in new[] { $"bronze/bronze_{dataset}", $"_quarantine/bad_{dataset}" })
            {
                var contents = await LakeTables.ReadAsync(azure, table);
                sources.AddRange(contents.Column("_batch_id").Zip(contents.Sources(), (job, source) => ((string)job!, source.File, source.Row)));
            }

            Assert.Equal(sources.Count, sources.Distinct().Count());
            var expected = (await LakeTables.ReadAsync(local, $"bronze/bronze_{dataset}")).Count + (await LakeTables.ReadAsync(local, $"_quarantine/bad_{dataset}")).Count;
            Assert.Equal(expected, sources.Count);
        }
    }

    private static async Task<List<string>> CheckStatusesAsync(ILakeStorage lake)
    {
        var latest = await Kardiaflow.Pipeline.Checks.SmokeResults.LatestAsync(lake, CancellationToken.None);
        return latest.Select(r => $"{r.Result.Layer}/{r.Result.TableName}/{r.Result.Metric}: {r.Result.Status}").Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Canonical(TableContents table)
    {
        var kept = table.Columns.Select((name, index) => (name, index)).Where(c => !RunDependentColumns.Contains(c.name)).ToList();
        return table.Rows
            .Select(row => string.Join("\u001f", kept.Select(c => $"{c.name}={Format(row[c.index])}")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(",", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };

    private static async Task<JobSnapshot> WaitAsync(IIngestionJobGrain job, TimeSpan timeout, Func<JobSnapshot, Task> onSnapshot)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var snapshot = await job.GetStatusAsync();
                await onSnapshot(snapshot);
                if (snapshot.IsTerminal)
                {
                    return snapshot;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The job's silo was killed: the grain comes back on another one once the silo is declared dead.
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job did not finish within {timeout}");
            await Task.Delay(200);
        }
    }
}
