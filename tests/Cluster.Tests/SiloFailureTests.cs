using Kardiaflow.Grains.Abstractions.Ingestion;
using Orleans.Runtime;

namespace Kardiaflow.Cluster.Tests;

/// <summary>Exactly-once under faults: the silo that hosts a running job is killed mid-submission.</summary>
public sealed class SiloFailureTests
{
    private const int Copies = 6;

    [Fact]
    public async Task Killing_the_job_silo_mid_submission_leaves_every_record_in_Bronze_exactly_once()
    {
        // Small data files and two parts at a time: the submission takes long enough to be caught in flight.
        await using var cluster = await KardiaflowTestCluster.StartAsync(3, new Dictionary<string, string?>
        {
            ["Kardiaflow:Ingestion:RowsPerDataFile"] = "250",
            ["Kardiaflow:Ingestion:MaxConcurrentParts"] = "2",
        });
        var input = MultiFileInput();
        var job = cluster.Client.GetGrain<IIngestionJobGrain>("job-kill");
        await job.SubmitAsync(new SubmissionRequest(input, null, []));

        var killed = false;
        var silos = cluster.Cluster.Silos.Count;
        Exception? killFailure = null;
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(5), async snapshot =>
        {
            if (!killed && snapshot.Files.Any(f => f.Status == FileStatus.Ingested) && !snapshot.IsTerminal)
            {
                killed = true;
                try
                {
                    await KillSiloHostingAsync(cluster, job.GetGrainId());
                }
                catch (Exception e)
                {
                    // WaitAsync swallows what its callback throws (a killed silo makes status calls fail): keep it.
                    killFailure = e;
                }
            }
        });

        Assert.True(killed, "the job finished before a silo could be killed");
        Assert.Null(killFailure);
        Assert.Equal(silos - 1, cluster.Cluster.Silos.Count);
        Assert.True(done.Succeeded, string.Join("; ", done.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}")));
        Assert.All(done.Files, f => Assert.Equal(FileStatus.Ingested, f.Status));

        foreach (var dataset in new[] { "patients", "encounters", "claims" })
        {
            var bronze = await LakeTables.ReadAsync(cluster.Lake, $"bronze/bronze_{dataset}");
            var quarantine = await LakeTables.ReadAsync(cluster.Lake, $"_quarantine/bad_{dataset}");
            var sources = bronze.Sources().Concat(quarantine.Sources()).ToList();

            // Exactly once: no (file, row) twice, and every file's rows are 1..n without a gap.
            Assert.Equal(sources.Count, sources.Distinct().Count());
            var perFile = sources.GroupBy(s => s.File).ToDictionary(g => g.Key, g => g.Select(s => s.Row).Order().ToList());
            Assert.Equal(Copies, perFile.Count);
            foreach (var rows in perFile.Values)
            {
                Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows);
            }

            // Every copy has the same content, so the same count.
            Assert.Single(perFile.Values.Select(r => r.Count).Distinct());
        }
    }

    private static async Task KillSiloHostingAsync(KardiaflowTestCluster cluster, GrainId grain)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var address = statistics.FirstOrDefault(s => s.GrainId == grain)?.SiloAddress;
        Assert.NotNull(address);
        var silo = Assert.Single(cluster.Cluster.Silos, s => s.SiloAddress == address);
        await cluster.Cluster.KillSiloAsync(silo);
    }

    /// <summary>Six copies (distinct names, so distinct files) of one CSV, one Avro and one Parquet sample file.</summary>
    private static string MultiFileInput()
    {
        var input = TestData.NewFolder("multi");
        var sources = new[]
        {
            ("patients", "patients_part_1.csv"),
            ("encounters", "encounters_part_1.avro"),
            ("claims", "claims_part_1.parquet"),
        };
        foreach (var (dataset, name) in sources)
        {
            Directory.CreateDirectory(Path.Combine(input, dataset));
            for (var copy = 1; copy <= Copies; copy++)
            {
                var extension = Path.GetExtension(name);
                File.Copy(Path.Combine(TestData.SamplesFolder, dataset, name), Path.Combine(input, dataset, $"{dataset}_{copy:D2}{extension}"));
            }
        }

        return input;
    }
}
