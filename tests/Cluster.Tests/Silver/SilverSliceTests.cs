using System.Text.Json;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;
using Kardiaflow.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>
/// A Bronze version larger than <c>Kardiaflow:Silver:MaxRowsPerBatch</c> is consumed in slices of its data files
/// (docs/adr/silver-version-slices.md): several Silver commits for one Bronze version, the same tables and counts as a
/// run that consumes every version whole, a redo that resumes at the next slice, and providers' versions never cut.
/// </summary>
public sealed class SilverSliceTests
{
    private const string FeedPrefix = "silver-feed:bronze/bronze_";

    /// <summary>100-row Bronze data files and batches of 300 rows: a sample file (1,000 to 5,000 rows) is 4 to 17 slices of 3 files.</summary>
    private static readonly Dictionary<string, string?> Sliced = new()
    {
        ["Kardiaflow:Ingestion:RowsPerDataFile"] = "100",
        ["Kardiaflow:Silver:MaxRowsPerBatch"] = "300",
        ["Kardiaflow:Gold:UpdateInterval"] = "00:00:00",
    };

    /// <summary>The default bound (250,000 rows): each dataset's one Bronze version is one batch, never cut.</summary>
    private static readonly Dictionary<string, string?> Whole = new() { ["Kardiaflow:Gold:UpdateInterval"] = "00:00:00" };

    [Fact]
    public async Task A_large_version_is_consumed_in_slices_and_Silver_Gold_and_counts_equal_a_run_without_slices()
    {
        var input = FirstPartsOfSamples();
        // Keys met again at the end of their file: in the last slice of the version that holds them in its first.
        AppendCopiesOfFirstRows(Path.Combine(input, "patients", "patients_part_1.csv"), skipLines: 2, count: 5);
        AppendCopiesOfFirstRows(Path.Combine(input, "feedback", "feedback_part_1.jsonl"), skipLines: 0, count: 5);

        string slicedLake;
        IReadOnlyList<SilverFeedStatus> sliced;
        await using (var cluster = await KardiaflowTestCluster.StartAsync(2, Sliced))
        {
            sliced = await SilverRun.SubmitAndWaitAsync(cluster, "slices", input);
            await cluster.Client.GetGrain<IGoldGrain>(IGoldGrain.Key).UpdateAsync();
            slicedLake = cluster.Lake;
        }

        var (wholeLake, whole) = await RunWholeAsync(slicedLake);

        // Several Silver commits for one Bronze version: every slice but the last carries the slice txn of that version.
        foreach (var dataset in new[] { "patients", "encounters", "claims", "feedback" })
        {
            var table = "silver_" + dataset;
            var perVersion = await CommitsPerBronzeVersionAsync(slicedLake, table, FeedPrefix + dataset);
            var files = await BronzeFilesPerVersionAsync(slicedLake, "bronze/bronze_" + dataset);
            // Bronze version 0 creates the table (no rows): one commit.
            Assert.Equal(files.Keys.Order(), perVersion.Keys.Where(v => perVersion[v] > 1).Order());
            Assert.All(files, f => Assert.True(f.Value >= 4, $"{dataset} version {f.Key}: only {f.Value} data files"));
            Assert.All(files, f => Assert.Equal((f.Value + 2) / 3, perVersion[f.Key]));
            Assert.DoesNotContain(await CommitsPerBronzeVersionAsync(wholeLake, table, FeedPrefix + dataset), v => v.Value > 1);
        }

        // Providers (SCD2 per Bronze version) are over the bound too, and still one commit per version.
        var providerFiles = await BronzeFilesPerVersionAsync(slicedLake, "bronze/bronze_providers");
        Assert.All(providerFiles.Values, f => Assert.True(f > 3, $"{f} provider data files"));
        Assert.DoesNotContain(await TxnsAsync(slicedLake, SilverTables.Providers), t => t.AppId.EndsWith(SilverBatchKey.SliceSuffix, StringComparison.Ordinal));

        foreach (var table in SilverTables.All)
        {
            SilverOracle.AssertSameRows(
                (await SilverOracle.ReadAsync(wholeLake, table)).Rows, (await SilverOracle.ReadAsync(slicedLake, table)).Rows, table);
        }

        await SilverOracle.AssertEnrichedEqualsJoinAsync(slicedLake);
        var goldRows = 0;
        foreach (var table in GoldTables.All)
        {
            var expected = await LakeTables.ReadAsync(wholeLake, table.Path);
            goldRows += expected.Count > 0 ? 1 : 0;
            SilverOracle.AssertSameRows(expected.Rows, (await LakeTables.ReadAsync(slicedLake, table.Path)).Rows, table.Path);
        }

        // One file per dataset leaves some Gold tables empty; most are not, so the comparison is not vacuous.
        Assert.True(goldRows * 2 > GoldTables.All.Count, $"only {goldRows} Gold tables have rows");

        Assert.All(Counts(whole).Zip(Counts(sliced)), c => Assert.Equal(c.First, c.Second));
        // The copies appended to the files count whether or not they fall in another slice than their first rows.
        var patients = sliced.Single(s => s.SilverTable == SilverTables.Patients);
        Assert.Equal((await SilverOracle.ReadAsync(slicedLake, SilverTables.Patients)).Count, patients.RowsRead - patients.NullKeysDropped - patients.Superseded);
        Assert.True(patients.Superseded >= 5, $"{patients.Superseded} superseded patients");
        var feedback = sliced.Single(s => s.SilverTable == SilverTables.Feedback);
        Assert.Equal((await SilverOracle.ReadAsync(slicedLake, SilverTables.Feedback)).Count, feedback.RowsRead - feedback.DuplicatesIgnored);
        Assert.True(feedback.DuplicatesIgnored >= 5, $"{feedback.DuplicatesIgnored} duplicate feedback rows");
    }

    [Theory]
    [InlineData("claims", SilverTables.Claims, SilverTables.ClaimsEnriched)]
    [InlineData("patients", SilverTables.Patients, SilverTables.EncountersEnriched)]
    public async Task A_failure_between_slices_resumes_at_the_next_slice_and_ends_equal_to_an_undisturbed_run(string dataset, string silver, string enriched)
    {
        // One file of one dataset: the enriched table it refreshes is created (version 0), refreshed for Bronze version 0
        // (the empty table's creation, version 1), then once per slice of Bronze version 1. The refresh of the second
        // slice (version 3) fails after the Silver table committed that slice, so the two tables stand at different
        // slices, and the feed resumes inside the version (for patients, with keys of the first slice met again in the
        // last, which only a resume that knows the first slice's keys counts as superseded).
        var input = OneDataset(dataset);
        if (dataset == "patients")
        {
            AppendCopiesOfFirstRows(Path.Combine(input, "patients", "patients_part_1.csv"), skipLines: 2, count: 5);
        }

        FaultyLakeStorage? faulty = null;
        var secondRefresh = $"silver/{enriched}/_delta_log/00000000000000000003.json";
        string lake;
        IReadOnlyList<SilverFeedStatus> statuses;
        await using (var cluster = await KardiaflowTestCluster.StartAsync(1, Sliced, configureSiloWithSettings: (silo, configuration) =>
        {
            faulty ??= new FaultyLakeStorage(new LocalLakeStorage(configuration["Kardiaflow:Lake:Root"]!))
                .Plan(StorageFault.FailWrite, p => p.EndsWith(secondRefresh, StringComparison.Ordinal));
            silo.Services.Replace(ServiceDescriptor.Singleton<ILakeStorage>(faulty));
        }))
        {
            var job = cluster.Client.GetGrain<IIngestionJobGrain>("slices-redo");
            await job.SubmitAsync(new SubmissionRequest(input, null, []));
            Assert.True((await cluster.WaitAsync(job, TimeSpan.FromMinutes(2))).Succeeded);
            statuses = await SilverRun.WaitForSilverAsync(cluster);
            lake = cluster.Lake;
        }

        Assert.Contains(faulty!.Injected, f => f.Path.EndsWith(secondRefresh, StringComparison.Ordinal));
        Assert.Equal(1, statuses.Single(s => s.SilverTable == silver).FailedAttempts);

        // The redo found the second slice in the Silver table (a no-op there) and committed its refresh, once.
        var sliceAppId = FeedPrefix + dataset + SilverBatchKey.SliceSuffix;
        var sliceTxns = (await TxnsAsync(lake, silver)).Where(t => t.AppId == sliceAppId).Select(t => t.Version).ToList();
        Assert.Equal(sliceTxns.Count, sliceTxns.Distinct().Count());
        Assert.Equal(sliceTxns, (await TxnsAsync(lake, enriched)).Where(t => t.AppId == sliceAppId).Select(t => t.Version));
        Assert.True(sliceTxns.Count >= 2, $"{sliceTxns.Count} slices before the last one");
        var failed = (await TxnsAsync(lake, enriched)).Select(t => t.Version).ElementAt(2);
        Assert.Equal((1L, 1), (SilverBatchKey.BronzeVersion(failed), SilverBatchKey.SliceIndex(failed)));

        var (wholeLake, whole) = await RunWholeAsync(lake);
        foreach (var table in new[] { silver, enriched })
        {
            var rows = (await SilverOracle.ReadAsync(lake, table)).Rows;
            Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct().Count());
            SilverOracle.AssertSameRows((await SilverOracle.ReadAsync(wholeLake, table)).Rows, rows, table);
        }

        Assert.NotEmpty((await SilverOracle.ReadAsync(lake, silver)).Rows);
        Assert.All(Counts(whole).Zip(Counts(statuses)), c => Assert.Equal(c.First, c.Second));
        if (dataset == "patients")
        {
            Assert.True(statuses.Single(s => s.SilverTable == silver).Superseded >= 5);
        }
    }

    [Fact]
    public async Task A_cluster_stopped_inside_a_version_is_resumed_by_the_next_one_with_the_slices_it_recorded()
    {
        // The second slice's refresh fails on every attempt, so the feed gives up inside Bronze version 1 (five failed
        // attempts); the cluster is stopped. A new cluster on the same lake and grain state, with another row bound,
        // resumes at that slice with the slices recorded in the feed's state, not with a new cut.
        var input = OneDataset("patients");
        AppendCopiesOfFirstRows(Path.Combine(input, "patients", "patients_part_1.csv"), skipLines: 2, count: 5);
        const string secondRefresh = "silver/silver_encounters_enriched/_delta_log/00000000000000000003.json";
        string lake;
        await using (var cluster = await KardiaflowTestCluster.StartAsync(1, Sliced, configureSiloWithSettings: (silo, configuration) =>
        {
            var faulty = new FaultyLakeStorage(new LocalLakeStorage(configuration["Kardiaflow:Lake:Root"]!));
            for (var i = 0; i < 5; i++)
            {
                faulty.Plan(StorageFault.FailWrite, p => p.EndsWith(secondRefresh, StringComparison.Ordinal));
            }

            silo.Services.Replace(ServiceDescriptor.Singleton<ILakeStorage>(faulty));
        }))
        {
            var job = cluster.Client.GetGrain<IIngestionJobGrain>("slices-restart");
            await job.SubmitAsync(new SubmissionRequest(input, null, []));
            Assert.True((await cluster.WaitAsync(job, TimeSpan.FromMinutes(2))).Succeeded);
            var feed = cluster.Client.GetGrain<ISilverFeedGrain>("bronze/bronze_patients");
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while ((await feed.GetStatusAsync()).FailedAttempts < 5)
            {
                Assert.True(DateTime.UtcNow < deadline, "the feed did not give up");
                await Task.Delay(100);
            }

            Assert.Equal(0, (await feed.GetStatusAsync()).ConsumedVersion);
            lake = cluster.Lake;
        }

        IReadOnlyList<SilverFeedStatus> statuses;
        var settings = new Dictionary<string, string?>(Sliced) { ["Kardiaflow:Lake:Root"] = lake, ["Kardiaflow:Silver:MaxRowsPerBatch"] = "500" };
        await using (var cluster = await KardiaflowTestCluster.StartAsync(1, settings))
        {
            statuses = await SilverFeedWaiter.WaitAsync(cluster.Client, await SilverRun.BronzeVersionsAsync(lake), TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        Assert.Equal(0, statuses.Single(s => s.SilverTable == SilverTables.Patients).FailedAttempts);
        var files = await BronzeFilesPerVersionAsync(lake, "bronze/bronze_patients");
        var perVersion = await CommitsPerBronzeVersionAsync(lake, SilverTables.Patients, FeedPrefix + "patients");
        Assert.Equal((files[1] + 2) / 3, perVersion[1]);
        var sliceAppId = FeedPrefix + "patients" + SilverBatchKey.SliceSuffix;
        var sliceTxns = (await TxnsAsync(lake, SilverTables.Patients)).Where(t => t.AppId == sliceAppId).Select(t => t.Version).ToList();
        Assert.Equal(sliceTxns, (await TxnsAsync(lake, SilverTables.EncountersEnriched)).Where(t => t.AppId == sliceAppId).Select(t => t.Version));

        var (wholeLake, whole) = await RunWholeAsync(lake);
        foreach (var table in new[] { SilverTables.Patients, SilverTables.EncountersEnriched })
        {
            SilverOracle.AssertSameRows((await SilverOracle.ReadAsync(wholeLake, table)).Rows, (await SilverOracle.ReadAsync(lake, table)).Rows, table);
        }

        Assert.All(Counts(whole).Zip(Counts(statuses)), c => Assert.Equal(c.First, c.Second));
        Assert.True(statuses.Single(s => s.SilverTable == SilverTables.Patients).Superseded >= 5);
    }

    /// <summary>A second cluster consumes a copy of <paramref name="lake"/>'s Bronze tables with no version cut, then updates Gold.</summary>
    private static async Task<(string Lake, IReadOnlyList<SilverFeedStatus> Statuses)> RunWholeAsync(string lake)
    {
        // The copy is complete before any silo starts, so no feed can see half of it.
        var copy = TestData.NewFolder("lake");
        CopyFolder(Path.Combine(lake, "bronze"), Path.Combine(copy, "bronze"));
        await using var cluster = await KardiaflowTestCluster.StartAsync(1, new Dictionary<string, string?>(Whole) { ["Kardiaflow:Lake:Root"] = copy });
        var statuses = await SilverFeedWaiter.WaitAsync(cluster.Client, await SilverRun.BronzeVersionsAsync(copy), TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.All(statuses, s => Assert.Equal(0, s.FailedAttempts));
        await cluster.Client.GetGrain<IGoldGrain>(IGoldGrain.Key).UpdateAsync();
        return (copy, statuses);
    }

    private static List<string> Counts(IReadOnlyList<SilverFeedStatus> statuses) =>
        [.. statuses.OrderBy(s => s.BronzeTable, StringComparer.Ordinal)
            .Select(s => $"{s.BronzeTable}: read {s.RowsRead}, null keys {s.NullKeysDropped}, duplicates {s.DuplicatesIgnored}, superseded {s.Superseded}, consumed {s.ConsumedVersion}")];

    /// <summary>
    /// The first file of each sample dataset: one Bronze version per dataset, so that the run without slices consumes the
    /// same versions in the same batches (one each) and its counts are comparable ("superseded" is per batch).
    /// </summary>
    private static string FirstPartsOfSamples()
    {
        var input = TestData.CopySamples();
        foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).Contains("_part_1.", StringComparison.Ordinal)).ToList())
        {
            File.Delete(file);
        }

        return input;
    }

    /// <summary>The first sample file of one dataset alone.</summary>
    private static string OneDataset(string dataset)
    {
        var input = FirstPartsOfSamples();
        foreach (var other in Directory.EnumerateDirectories(input).Where(d => Path.GetFileName(d) != dataset).ToList())
        {
            Directory.Delete(other, recursive: true);
        }

        return input;
    }

    private static void AppendCopiesOfFirstRows(string file, int skipLines, int count)
    {
        var lines = File.ReadAllLines(file);
        var copies = lines.Skip(skipLines).Take(count).ToList();
        Assert.All(copies, c => Assert.Matches("^[{0-9a-f]", c));
        File.AppendAllLines(file, copies);
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>
    /// The Silver commits a feed made per Bronze version, from the table's log: a commit with the feed's txn completes
    /// that version; one with the slice txn is a slice of the version its key names.
    /// </summary>
    private static async Task<Dictionary<long, int>> CommitsPerBronzeVersionAsync(string lake, string table, string appId)
    {
        var result = new Dictionary<long, int>();
        foreach (var (txnAppId, version) in await TxnsAsync(lake, table))
        {
            var bronzeVersion = txnAppId == appId ? version
                : txnAppId == appId + SilverBatchKey.SliceSuffix ? SilverBatchKey.BronzeVersion(version)
                : -1;
            if (bronzeVersion >= 0)
            {
                result[bronzeVersion] = result.GetValueOrDefault(bronzeVersion) + 1;
            }
        }

        return result;
    }

    /// <summary>Every txn action in a Silver table's log, in commit order.</summary>
    private static async Task<List<(string AppId, long Version)>> TxnsAsync(string lake, string table) =>
        [.. (await LogLinesAsync(lake, SilverTables.PathOf(table))).Where(l => l.TryGetProperty("txn", out _))
            .Select(l => (l.GetProperty("txn").GetProperty("appId").GetString()!, l.GetProperty("txn").GetProperty("version").GetInt64()))];

    /// <summary>Data files each Bronze version added.</summary>
    private static async Task<Dictionary<long, int>> BronzeFilesPerVersionAsync(string lake, string tablePath)
    {
        var result = new Dictionary<long, int>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(lake, tablePath, "_delta_log"), "*.json"))
        {
            var version = long.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
            var adds = (await File.ReadAllLinesAsync(file)).Count(l => l.StartsWith("{\"add\"", StringComparison.Ordinal));
            if (adds > 0)
            {
                result[version] = adds;
            }
        }

        return result;
    }

    private static async Task<List<JsonElement>> LogLinesAsync(string lake, string tablePath)
    {
        var lines = new List<JsonElement>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(lake, tablePath, "_delta_log"), "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                if (line.Length > 0)
                {
                    lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
        }

        return lines;
    }
}
