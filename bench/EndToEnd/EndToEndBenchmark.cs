using System.Globalization;
using System.Text.Json;
using Kardiaflow.Bench.Pipeline;
using Kardiaflow.Pipeline.Synthetic;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// Raw files to checked Gold (issues 4–6): the DuckDB peer (<c>bench duckdb-e2e</c>) and <c>kardiaflow run</c>, each in
/// its own process on the same generated files in one run, then Gold compared table by table. Differing Gold fails the
/// benchmark: a faster wrong answer measures nothing.
/// </summary>
internal static class EndToEndBenchmark
{
    private static readonly string[] Layers = ["bronze", "silver", "gold"];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var patients = BenchSupport.IntOption(args, "--patients", 100_000);
        var seed = BenchSupport.IntOption(args, "--seed", 42);
        var deadline = TimeSpan.FromMinutes(BenchSupport.IntOption(args, "--timeout-minutes", 30));
        var work = Path.GetFullPath(BenchSupport.StringOption(args, "--work", ".bench"));
        // Files per dataset: 3 by default; large runs use more so that one file (one Bronze commit) stays moderate.
        var parts = BenchSupport.IntOption(args, "--parts", 3);
        var data = Path.Combine(work, parts == 3 ? $"data-{patients}-{seed}" : $"data-{patients}-{seed}-p{parts}");
        var records = await BenchSupport.EnsureDataAsync(data, patients, seed, cancellationToken, parts);
        Console.WriteLine($"End to end — {patients:N0} patients (seed {seed}, {parts} files per dataset), {records:N0} input records, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        var self = Environment.ProcessPath ?? "dotnet";
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new List<string> { typeof(EndToEndBenchmark).Assembly.Location } : [];
        var peerOut = BenchSupport.Recreate(Path.Combine(work, "duckdb-e2e"));
        var peerRun = await TimedChildProcess.RunAsync(self, [.. selfArgs, "duckdb-e2e", data, peerOut], deadline, cancellationToken);
        BenchSupport.Require(peerRun, "DuckDB peer");
        var peer = JsonSerializer.Deserialize<PeerResult>(peerRun.StandardOutput.Trim().Split('\n')[^1])!;
        Console.WriteLine(Invariant($"duckdb peer: {peerRun.Elapsed.TotalSeconds:F2} s, peak {peerRun.PeakResidentBytes / 1048576.0:F0} MiB; bronze {peer.LayerSeconds["bronze"]:F2} s ({records / peer.LayerSeconds["bronze"]:N0} records/s), silver {peer.LayerSeconds["silver"]:F2} s, gold {peer.LayerSeconds["gold"]:F2} s"));

        var lake = BenchSupport.Recreate(Path.Combine(work, "kardiaflow-e2e-lake"));
        var kardiaflowDll = Path.Combine(AppContext.BaseDirectory, "kardiaflow.dll");
        var started = DateTime.UtcNow;
        var ours = await TimedChildProcess.RunAsync("dotnet", [kardiaflowDll, "run", "--input", data, "--lake", lake], deadline, cancellationToken);
        var kardiaflowDate = DateOnly.FromDateTime(DateTime.UtcNow);
        // Exit 1 with every layer written means data-quality checks failed, which the generator's dirt is meant to cause
        // (re-sent claims, changed providers and repeated feedback ids are duplicate primary keys in Bronze, and docs/data-contract.md (Checks)
        // fails dup_pk on them): the run completed and its Gold is compared. Any other failure has no Gold to compare.
        var checksFailedOnly = ours.ExitCode == 1 && ours.StandardOutput.Contains("GOLD checks", StringComparison.Ordinal);
        if (checksFailedOnly)
        {
            Console.WriteLine("kardiaflow run: exit 1 because data-quality checks failed on the generated dirt (see dup_pk); Gold is compared below.");
        }

        if (ours.ExitCode != 0 && !checksFailedOnly)
        {
            // Bronze is still measurable from the job summary: say so, then fail, since there is no Gold to compare.
            var job = System.Text.RegularExpressions.Regex.Match(ours.StandardOutput, @"completed in ([0-9.]+) s");
            var bronze = job.Success ? double.Parse(job.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
            Console.WriteLine(Invariant($"kardiaflow run: exit {ours.ExitCode} after {ours.Elapsed.TotalSeconds:F0} s, peak {ours.PeakResidentBytes / 1048576.0:F0} MiB; Bronze job {bronze:F2} s ({records / bronze:N0} records/s, {peer.LayerSeconds["bronze"] / bronze:F2}x the peer)"));
            var failure = ours.StandardOutput.Split('\n').Concat(ours.StandardError.Split('\n')).LastOrDefault(l => l.Contains("failed (attempt", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
            Console.WriteLine($"last failure: {failure?[..Math.Min(400, failure.Length)]}");
            Console.WriteLine("Gold equal: NO — kardiaflow produced no Gold; the benchmark failed");
            return 1;
        }

        var layerSeconds = LakeTimings.LayerSeconds(lake, started, Layers);
        var ourBronze = await LakeTimings.CountRowsAsync(lake, "bronze", BronzeBenchmark.Datasets, cancellationToken);

        var peerBronze = peer.BronzeRows.Values.Sum();
        Console.WriteLine($"{"layer",-8}{"kardiaflow s",14}{"duckdb s",11}{"kardiaflow rows/s",19}{"duckdb rows/s",15}{"ratio",8}   rows/s basis");
        var basis = new Dictionary<string, (long Rows, string What)>(StringComparer.Ordinal)
        {
            ["bronze"] = (records, "input records"), ["silver"] = (peerBronze, "Bronze rows read"), ["gold"] = (peer.SilverRows, "Silver rows (peer count)"),
        };
        foreach (var layer in Layers)
        {
            var (rows, what) = basis[layer];
            var k = layerSeconds[layer];
            var d = peer.LayerSeconds[layer];
            Console.WriteLine(Invariant($"{layer,-8}{k,14:F2}{d,11:F2}{rows / k,19:N0}{rows / d,15:N0}{d / k,7:F2}x   {what}"));
        }

        var peerTotal = peerRun.Elapsed.TotalSeconds;
        var ourTotal = ours.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"{"total",-8}{ourTotal,14:F2}{peerTotal,11:F2}{records / ourTotal,19:N0}{records / peerTotal,15:N0}{peerTotal / ourTotal,7:F2}x   whole process, input records"));
        Console.WriteLine(Invariant($"end-to-end: kardiaflow {ourTotal:F1} s, duckdb {peerTotal:F1} s, kardiaflow/duckdb time {ourTotal / peerTotal:F2}x (target <= 2x: {(ourTotal <= 2 * peerTotal ? "met" : "missed")})"));
        Console.WriteLine(Invariant($"peak memory: kardiaflow {ours.PeakResidentBytes / 1048576.0:F0} MiB, duckdb {peerRun.PeakResidentBytes / 1048576.0:F0} MiB"));
        Console.WriteLine(Invariant($"cpu (user + system): kardiaflow {ours.CpuSeconds:F1} s, duckdb {peerRun.CpuSeconds:F1} s, kardiaflow/duckdb {ours.CpuSeconds / peerRun.CpuSeconds:F2}x (steadier than wall time on a shared machine)"));
        Console.WriteLine("kardiaflow layer seconds run from the previous layer's last Delta commit to this layer's last one (layers overlap; bronze counts from process start).");
        Console.WriteLine($"Bronze rows: kardiaflow {string.Join(" ", ourBronze.Select(kv => $"{kv.Key}={kv.Value}"))}; duckdb {string.Join(" ", peer.BronzeRows.Select(kv => $"{kv.Key}={kv.Value}"))}");

        Console.WriteLine("Gold comparison:");
        var equal = await GoldComparison.RunAsync(lake, Path.Combine(peerOut, "gold"), DateOnly.ParseExact(peer.AsOfDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), kardiaflowDate, Console.Out, cancellationToken);
        Console.WriteLine(equal ? "Gold equal: yes" : "Gold equal: NO — the benchmark failed");
        return equal ? 0 : 1;
    }

    /// <summary>The peer's child-process entry: <c>duckdb-e2e INPUT OUTPUT</c>, printing its <see cref="PeerResult"/> as JSON.</summary>
    public static async Task<int> RunPeerAsync(string[] args, CancellationToken cancellationToken)
    {
        var result = await DuckDbPipelinePeer.RunAsync(args[0], args[1], cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
