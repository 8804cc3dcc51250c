using System.Collections.Concurrent;
using System.Diagnostics;
using Kardiaflow.Tests.Shared.Fuzz;
using Xunit.Abstractions;

namespace Kardiaflow.Pipeline.Tests.Ingestion.Fuzz;

/// <summary>
/// The seeded input fuzzer over the real readers (docs/reliability.md, Hostile input). The fast part runs a fixed seed in
/// CI; <c>KARDIAFLOW_FUZZ_CASES=N</c> runs N cases (a random seed unless <c>KARDIAFLOW_FUZZ_SEED</c> is set), and
/// <c>KARDIAFLOW_FUZZ_SEED=S KARDIAFLOW_FUZZ_CASE=I</c> replays the one case a failure names.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class InputFuzzTests(ITestOutputHelper output)
{
    private const long CiSeed = 20261206;
    private const int CiCases = 2000;
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Fuzzed_files_never_crash_or_hang_a_reader_and_every_record_lands_in_Bronze_or_quarantine()
    {
        var (seed, cases, only) = Settings();
        var generator = new FuzzGenerator(FuzzBases.For(ReadHelpers.SampleRoot));
        using var temp = new TempFolder();
        var verdicts = new ConcurrentBag<FuzzVerdict>();
        var clock = Stopwatch.StartNew();
        var indexes = only is { } single ? [single] : Enumerable.Range(0, cases);
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (index, _) =>
        {
            var fuzz = generator.Generate(seed, index);
            verdicts.Add(await FuzzOracle.CheckAsync(fuzz, Path.Combine(temp.Root, $"w{index % 2}"), CaseBound));
        });
        clock.Stop();

        var all = verdicts.OrderBy(v => v.Case.Index).ToList();
        var failures = all.Where(v => v.Problems.Count > 0).ToList();
        var refused = all.Count(v => v.Whole.Refused is not null);
        output.WriteLine(
            $"seed {seed}: {all.Count} cases in {clock.Elapsed.TotalSeconds:F1} s (slowest {all.Max(v => v.Elapsed.TotalMilliseconds):F0} ms); "
            + $"by format {string.Join(", ", all.GroupBy(v => Path.GetExtension(v.Case.FileName)).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}; "
            + $"{refused} files refused whole; records read {all.Sum(v => v.Whole.Counts.RecordsRead)}, Bronze {all.Sum(v => v.Whole.Counts.BronzeRows)}, "
            + $"quarantined {all.Sum(v => v.Whole.Counts.QuarantinedRows)}; crashes {failures.Count(f => f.Problems.Any(p => p.StartsWith("CRASH", StringComparison.Ordinal)))}, "
            + $"hangs {failures.Count(f => f.Problems.Any(p => p.StartsWith("HANG", StringComparison.Ordinal)))}, failed cases {failures.Count}");
        foreach (var failure in failures.Take(200))
        {
            output.WriteLine($"FAILED {failure.Case.Describe()}: {failure.Problems[0].Split('\n')[0]}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(15).Select(f =>
            $"{f.Case.Describe()}\n  replay: KARDIAFLOW_FUZZ_SEED={f.Case.Seed} KARDIAFLOW_FUZZ_CASE={f.Case.Index}\n  " + string.Join("\n  ", f.Problems.Take(5))))
            + $"\n\n{failures.Count} of {all.Count} cases failed (seed {seed}).");
    }

    private static (long Seed, int Cases, int? Only) Settings()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_FUZZ_CASES"), out var n) && n > 0 ? n : (int?)null;
        var seed = long.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_FUZZ_SEED"), out var s) ? s
            : cases is null ? CiSeed : Random.Shared.NextInt64(1, long.MaxValue);
        int? only = int.TryParse(Environment.GetEnvironmentVariable("KARDIAFLOW_FUZZ_CASE"), out var i) ? i : null;
        return (seed, cases ?? CiCases, only);
    }
}
