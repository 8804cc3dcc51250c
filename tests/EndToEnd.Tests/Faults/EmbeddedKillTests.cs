using System.Diagnostics;
using Xunit.Abstractions;

namespace Kardiaflow.EndToEnd.Tests.Faults;

/// <summary>
/// The embedded <c>kardiaflow run</c> process SIGKILLed at seeded random points (ingestion, Silver, Gold or the checks,
/// once or twice) and run again on the same lake until it completes: every Silver and Gold table equals an undisturbed
/// run's, every arrival is in Bronze or quarantine once, every check (conservation among them) passes, and no Silver feed
/// is stuck (the last run reaches Gold and the checks within its time bound, and Silver holds every row).
/// </summary>
public sealed class EmbeddedKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    // Small data files, one part at a time: a run lasts long enough to be caught in each stage.
    private static readonly Dictionary<string, string> Slow = new()
    {
        ["Kardiaflow__Ingestion__RowsPerDataFile"] = "200",
        ["Kardiaflow__Ingestion__MaxConcurrentParts"] = "1",
    };

    [Fact]
    public async Task Run_killed_at_seeded_random_points_then_run_again_equals_an_undisturbed_run()
    {
        var input = TestData.NewFolder("kill-input");
        var gen = await KardiaflowProcess.RunAsync(Timeout, "generate", "--out", input, "--patients", "300", "--seed", "5", "--parts", "4");
        Assert.True(gen.ExitCode == 0, gen.Output + gen.Error);

        var reference = TestData.NewFolder("kill-reference");
        var clock = Stopwatch.StartNew();
        var undisturbed = await KardiaflowProcess.RunAsync(Slow, Timeout, "run", "--input", input, "--lake", reference);
        var length = clock.Elapsed;
        Assert.True(undisturbed.ExitCode == 0, undisturbed.Output + undisturbed.Error);
        var expected = await LakeOutcome.ReadAsync(reference);
        var arrivals = await LakeOutcome.AssertBronzeExactlyOnceAsync(reference, "undisturbed");

        var (kills, rows, lost, duplicated) = (0, 0, 0, 0);
        foreach (var seed in KillRuns.Seeds(fastSuiteDefault: 1))
        {
            var random = new Random(seed);
            var lake = TestData.NewFolder($"kill-{seed}");
            // Within the first 80% of an undisturbed run's length, so that a kill rarely falls after a killed run's end.
            var points = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => length * 0.8 * random.NextDouble()).ToList();
            var label = $"seed {seed} (kills at {string.Join(", ", points.Select(p => $"{p.TotalSeconds:F1} s"))} of a {length.TotalSeconds:F1} s run)";
            foreach (var point in points)
            {
                using var run = KardiaflowProcess.Start(Slow, "run", "--input", input, "--lake", lake);
                await Task.Delay(point);
                if (!run.HasExited)
                {
                    run.KillHard();
                    kills++;
                }
            }

            var final = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", input, "--lake", lake);
            Assert.True(final.ExitCode == 0, $"{label}: the run after the kills exited {final.ExitCode}\n{final.Output}\n{final.Error}");
            var (checkedRows, lostRows, duplicatedRows) = await LakeOutcome.AssertSameAsync(expected, arrivals, lake, label);
            (rows, lost, duplicated) = (rows + checkedRows, lost + lostRows, duplicated + duplicatedRows);
            output.WriteLine($"{label}: {checkedRows} Silver/Gold rows equal to the undisturbed run's");
        }

        output.WriteLine($"runs {KillRuns.Count(1)}, kills {kills}, Silver/Gold rows checked {rows}, lost {lost}, duplicated {duplicated}; arrivals {arrivals}");
        Assert.True(kills > 0, "no run was killed: every kill point fell after the run's end");
    }
}
