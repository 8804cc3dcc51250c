using System.Globalization;
using Kardiaflow.Cluster.Tests.Arrivals;
using Kardiaflow.Cluster.Tests.Silver;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Validation;
using Kardiaflow.Lakehouse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// The embedded pipeline on the sample with seeded random storage faults injected where the silos reach the lake
/// (<see cref="ILakeStorage"/>, replaced by <see cref="FaultyLakeStorage"/> in the test host): failed writes, lost
/// put-if-absent races, slow writes, lost replies. A job whose files failed is submitted again, as an operator would.
/// Then, faults off: Silver and Gold equal an undisturbed run's, Bronze holds as many rows as undisturbed and every
/// check passes (conservation among them), every Delta log of the lake is valid. Runs: KARDIAFLOW_FAULT_RUNS (default 2);
/// seeds from KARDIAFLOW_FAULT_SEED (default random), printed.
/// </summary>
public sealed class StorageFaultPipelineTests(ITestOutputHelper output)
{
    /// <summary>Commits are where races and lost replies matter: faulted often. Data files (Silver writes dozens per batch, each
    /// fault retries the batch) less, so a run converges in seconds.</summary>
    private const double CommitFaultProbability = 0.2;

    private const double WriteFaultProbability = 0.03;

    private static readonly StorageFault[] AllFaults =
        [StorageFault.FailWrite, StorageFault.LoseRace, StorageFault.SlowWrite, StorageFault.LoseReply, StorageFault.LoseReplyAndReadBack];

    private static readonly Lazy<Task<RunResult>> Undisturbed = new(() => RunAsync(seed: null, _ => { }));

    [Fact]
    public async Task The_sample_under_seeded_random_storage_faults_gives_the_tables_of_an_undisturbed_run()
    {
        var runs = Environment.GetEnvironmentVariable("KARDIAFLOW_FAULT_RUNS") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 2;
        var baseSeed = Environment.GetEnvironmentVariable("KARDIAFLOW_FAULT_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next(1_000_000);
        var expected = await Undisturbed.Value;
        var totals = new Totals();
        for (var run = 0; run < runs; run++)
        {
            var seed = baseSeed + run;
            output.WriteLine($"run {run + 1}/{runs}: seed {seed} (KARDIAFLOW_FAULT_SEED={seed} KARDIAFLOW_FAULT_RUNS=1 repeats its fault decisions)");
            var actual = await RunAsync(seed, output.WriteLine);

            LakeComparison.AssertEqual(expected.Tables, actual.Tables);
            Assert.Equal(expected.BronzeRows, actual.BronzeRows);
            totals.Add(actual);
            output.WriteLine($"  {actual.Faults.Count} faults ({Describe(actual.Faults)}), {actual.Submissions} submission(s), {actual.Commits} commits in {actual.Logs} valid logs, " +
                $"{actual.Tables.Sum(t => t.Value.Count)} Silver/Gold rows equal, {actual.BronzeRows.Sum(b => b.Value)} Bronze rows (undisturbed {expected.BronzeRows.Sum(b => b.Value)})");
        }

        output.WriteLine($"total: {runs} runs, {totals.Faults} faults injected, {totals.Submissions} submissions, {totals.Commits} commits checked in valid logs, " +
            $"{totals.Rows} Silver/Gold rows equal to the undisturbed run's (0 duplicated, 0 lost), {totals.BronzeRows} Bronze rows (as many as undisturbed), every check PASS");
        Assert.True(totals.Faults > 0, "no fault was injected: the test proved nothing");
    }

    private static string Describe(IReadOnlyList<InjectedFault> faults) =>
        string.Join(", ", faults.GroupBy(f => f.Fault).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + "; by layer: " +
        string.Join(", ", faults.GroupBy(f => f.Path.Split('/')[0]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>One run of the sample on a two-silo cluster; with a seed, storage faults are injected until Gold is up to date.</summary>
    private static async Task<RunResult> RunAsync(int? seed, Action<string> log)
    {
        FaultyLakeStorage? faulty = null;
        await using var cluster = await KardiaflowTestCluster.StartAsync(2, configureSiloWithSettings: (silo, configuration) =>
        {
            // One faulty storage shared by both silos, in place of the LocalLakeStorage the Local profile registers.
            faulty ??= new FaultyLakeStorage(new LocalLakeStorage(configuration["Kardiaflow:Lake:Root"]!), seed ?? 0);
            silo.Services.Replace(ServiceDescriptor.Singleton<ILakeStorage>(faulty));
        });
        if (seed is not null)
        {
            faulty!.RandomFaults(CommitFaultProbability, WriteFaultProbability, AllFaults);
        }

        var input = TestData.CopySamples();
        var submissions = 0;
        for (var succeeded = false; !succeeded; )
        {
            submissions++;
            Assert.True(submissions <= 6, $"the sample was not ingested after {submissions - 1} submissions");
            var job = cluster.Client.GetGrain<IIngestionJobGrain>($"sample-{submissions}");
            await job.SubmitAsync(new SubmissionRequest(input, null, []));
            var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));
            succeeded = done.Succeeded;
            if (!succeeded)
            {
                // A file that failed after every attempt is reported; the operator submits again and only it is ingested.
                log($"  submission {submissions}: {string.Join("; ", done.Files.Where(f => f.Error is not null).Select(f => $"{f.RelativePath}: {f.Status}"))}");
            }
        }

        await SilverRun.WaitForSilverAsync(cluster);
        var gold = cluster.Client.GetGrain<IGoldGrain>(IGoldGrain.Key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await gold.UpdateAsync();
                break;
            }
            catch (Exception e) when (attempt < 10)
            {
                log($"  Gold update {attempt} failed: {e.GetType().Name}: {e.Message}");
            }
        }

        // Faults off: what is left to compare must not be disturbed by the comparison itself.
        faulty!.StopRandomFaults();
        await SilverRun.WaitForSilverAsync(cluster);
        await gold.UpdateAsync();
        var checks = await cluster.Client.GetGrain<IValidationGrain>(0).RunAsync();
        Assert.True(checks.Passed, string.Join("; ", checks.Results.Where(r => r.Status != "PASS").Select(r => $"{r.TableName}.{r.Metric}={r.Value} {r.Message}")));

        var storage = new LocalLakeStorage(cluster.Lake);
        var commits = 0;
        var logs = 0;
        foreach (var table in TablesOf(cluster.Lake))
        {
            var report = await DeltaLogValidation.AssertValidAsync(storage, table);
            commits += report.Commits.Count;
            logs++;
        }

        var bronze = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in TablesOf(cluster.Lake).Where(t => t.StartsWith("bronze/", StringComparison.Ordinal)))
        {
            bronze[table] = (await LakeTables.ReadAsync(cluster.Lake, table)).Rows.Count;
        }

        return new RunResult(await LakeComparison.SilverAndGoldAsync(cluster.Lake), bronze, faulty.Injected, submissions, commits, logs);
    }

    /// <summary>Every Delta table of the lake (a folder holding _delta_log: Bronze, quarantine, Silver, Gold, validation), relative to the lake.</summary>
    private static List<string> TablesOf(string lake) =>
        Directory.EnumerateDirectories(lake, "_delta_log", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(lake, Path.GetDirectoryName(d)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed record RunResult(
        SortedDictionary<string, List<string>> Tables, SortedDictionary<string, int> BronzeRows, IReadOnlyList<InjectedFault> Faults, int Submissions, int Commits, int Logs);

    private sealed class Totals
    {
        public int Faults { get; private set; }

        public int Commits { get; private set; }

        public int Rows { get; private set; }

        public int BronzeRows { get; private set; }

        public int Submissions { get; private set; }

        public void Add(RunResult run)
        {
            BronzeRows += run.BronzeRows.Sum(b => b.Value);
            Submissions += run.Submissions;
            Faults += run.Faults.Count;
            Commits += run.Commits;
            Rows += run.Tables.Sum(t => t.Value.Count);
        }
    }
}
