using System.Globalization;
using Kardiaflow.Grains.Abstractions.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Kardiaflow.EndToEnd.Tests.Faults;

/// <summary>
/// A real three-process Local cluster (src/Silo, as tests/EndToEnd.Tests/LocalProfileClusterTests starts it) whose
/// non-primary silos are SIGKILLed at seeded random points of a multi-file submission, each replaced by a new silo; then
/// the same submission again with <c>--wait</c> drives Silver, Gold and the checks to the end. Afterwards the tables equal
/// an undisturbed run's, every arrival is in Bronze or quarantine once, every check passes and no feed is stuck. The
/// primary is never killed: the Local profile's membership lives on it (docs/reliability.md).
/// </summary>
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Silos_killed_at_seeded_random_points_of_a_submission_leave_the_tables_of_an_undisturbed_run()
    {
        var input = TestData.NewFolder("cluster-kill-input");
        var gen = await KardiaflowProcess.RunAsync(Timeout, "generate", "--out", input, "--patients", "300", "--seed", "9", "--parts", "4");
        Assert.True(gen.ExitCode == 0, gen.Output + gen.Error);
        var reference = TestData.NewFolder("cluster-kill-reference");
        var undisturbed = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", input, "--lake", reference);
        Assert.True(undisturbed.ExitCode == 0, undisturbed.Output + undisturbed.Error);
        var expected = await LakeOutcome.ReadAsync(reference);
        var arrivals = await LakeOutcome.AssertBronzeExactlyOnceAsync(reference, "undisturbed");

        var (kills, midSubmission, rows, lost, duplicated) = (0, 0, 0, 0, 0);
        foreach (var seed in KillRuns.Seeds(fastSuiteDefault: 1))
        {
            var random = new Random(seed);
            var lake = TestData.NewFolder($"cluster-kill-{seed}");
            await using var cluster = await LocalCluster.StartAsync(lake);
            var submitted = await KardiaflowProcess.RunAsync(cluster.Console, Timeout, "submit", input);
            Assert.True(submitted.ExitCode == 0, submitted.Output + submitted.Error);
            var job = cluster.Client.GetGrain<IIngestionJobGrain>(submitted.Output.Split("Submitted job ")[1].Split('.')[0].Trim());
            // A kill point is a moment of the submission's progress: once k of its files are in Bronze, then 0-300 ms more.
            var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Count();
            var points = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => (Files: random.Next(files), Delay: random.Next(300))).Order().ToList();
            var label = $"seed {seed} (kills after {string.Join(", ", points.Select(p => $"{p.Files} files + {p.Delay} ms"))} of {files})";
            foreach (var (threshold, delay) in points)
            {
                var deadline = DateTime.UtcNow + Timeout;
                while (await TryStatusAsync(job) is not { } snapshot || (!snapshot.IsTerminal && snapshot.Files.Count(f => f.Status == FileStatus.Ingested) < threshold))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{label}: the job did not reach {threshold} files");
                    await Task.Delay(50);
                }

                await Task.Delay(delay);
                var running = !(await TryStatusAsync(job))?.IsTerminal ?? true;
                var victim = cluster.Secondaries[random.Next(cluster.Secondaries.Count)];
                await cluster.KillAndReplaceAsync(victim);
                kills++;
                midSubmission += running ? 1 : 0;
            }

            var first = await WaitAsync(job, Timeout);
            Assert.True(first.Succeeded, $"{label}: {string.Join("; ", first.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}"))}");
            var finish = await KardiaflowProcess.RunAsync(cluster.Console, Timeout, "submit", input, "--wait");
            Assert.True(finish.ExitCode == 0, $"{label}: submit --wait exited {finish.ExitCode}\n{finish.Output}\n{finish.Error}");
            var (checkedRows, lostRows, duplicatedRows) = await LakeOutcome.AssertSameAsync(expected, arrivals, lake, label);
            (rows, lost, duplicated) = (rows + checkedRows, lost + lostRows, duplicated + duplicatedRows);
            output.WriteLine($"{label}: {checkedRows} Silver/Gold rows equal to the undisturbed run's");
        }

        output.WriteLine($"runs {KillRuns.Count(1)}, silos killed {kills} ({midSubmission} while the job ran), Silver/Gold rows checked {rows}, lost {lost}, duplicated {duplicated}");
        Assert.True(midSubmission > 0, "no silo was killed while the submission ran");
    }

    private static async Task<JobSnapshot?> TryStatusAsync(IIngestionJobGrain job)
    {
        try
        {
            return await job.GetStatusAsync();
        }
        catch (Exception)
        {
            return null; // the job's silo was just killed: it comes back elsewhere
        }
    }

    private static async Task<JobSnapshot> WaitAsync(IIngestionJobGrain job, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await TryStatusAsync(job) is { IsTerminal: true } done)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the job did not finish within {timeout}");
            await Task.Delay(200);
        }
    }

    /// <summary>A primary and two secondaries on one lake, a client on the primary's gateway, replacements on demand.</summary>
    private sealed class LocalCluster : IAsyncDisposable
    {
        private readonly Dictionary<string, string> _settings;
        private readonly List<StandaloneSilo> _all = [];

        private LocalCluster(Dictionary<string, string> settings, StandaloneSilo primary)
        {
            _settings = settings;
            _all.Add(primary);
            Primary = primary;
            Console = new Dictionary<string, string>
            {
                ["KARDIAFLOW_GATEWAY_PORT"] = primary.GatewayPort.ToString(CultureInfo.InvariantCulture),
                ["Kardiaflow__Cluster__ClusterId"] = settings["Kardiaflow__Cluster__ClusterId"],
            };
        }

        public StandaloneSilo Primary { get; }

        public List<StandaloneSilo> Secondaries { get; } = [];

        public Dictionary<string, string> Console { get; }

        public IClusterClient Client { get; private set; } = null!;

        private IHost? ClientHost { get; set; }

        public static async Task<LocalCluster> StartAsync(string lake)
        {
            var settings = new Dictionary<string, string>
            {
                ["Kardiaflow__Lake__Root"] = lake,
                ["Kardiaflow__Cluster__ClusterId"] = "k" + Guid.NewGuid().ToString("N")[..12],
                ["Kardiaflow__Ingestion__TargetPartBytes"] = "65536",
                ["Kardiaflow__Ingestion__RowsPerDataFile"] = "200",
                ["Kardiaflow__Ingestion__MaxConcurrentParts"] = "2",
                // A killed silo is declared dead in seconds rather than the default minute.
                ["Kardiaflow__Cluster__Membership__ProbeTimeout"] = "00:00:02",
                ["Kardiaflow__Cluster__Membership__NumMissedProbesLimit"] = "2",
                ["Kardiaflow__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
                ["Kardiaflow__Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
                ["Kardiaflow__EventHubs__LocalPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            };
            var primary = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("silo-workdir"), TimeSpan.FromMinutes(2), lake);
            var cluster = new LocalCluster(settings, primary);
            try
            {
                settings["Kardiaflow__Cluster__PrimarySiloPort"] = primary.SiloPort.ToString(CultureInfo.InvariantCulture);
                foreach (var silo in await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => cluster.StartSiloAsync())))
                {
                    cluster.Secondaries.Add(silo);
                }

                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                builder.UseOrleansClient(client => client.UseLocalhostClustering(primary.GatewayPort, "kardiaflow", settings["Kardiaflow__Cluster__ClusterId"]));
                cluster.ClientHost = builder.Build();
                await cluster.ClientHost.StartAsync();
                cluster.Client = cluster.ClientHost.Services.GetRequiredService<IClusterClient>();
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        /// <summary>SIGKILL, then a new silo in its place (it joins through the primary).</summary>
        public async Task KillAndReplaceAsync(StandaloneSilo victim)
        {
            victim.KillHard();
            Secondaries.Remove(victim);
            Secondaries.Add(await StartSiloAsync());
        }

        public async ValueTask DisposeAsync()
        {
            if (ClientHost is not null)
            {
                await ClientHost.StopAsync();
                ClientHost.Dispose();
            }

            foreach (var silo in Enumerable.Reverse(_all))
            {
                silo.Dispose();
            }
        }

        private async Task<StandaloneSilo> StartSiloAsync()
        {
            var silo = await StandaloneSilo.StartAsync(_settings, TestData.NewFolder("silo-workdir"), TimeSpan.FromMinutes(2), _settings["Kardiaflow__Lake__Root"]);
            lock (_all)
            {
                _all.Add(silo);
            }

            return silo;
        }
    }
}
