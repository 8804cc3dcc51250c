using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Synthetic;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// Bronze ingestion, Kardiaflow against the DuckDB peer on the same generated files in one run. Each engine runs in its
/// own process (the peer as <c>bench duckdb-bronze</c>, Kardiaflow as <c>bench kardiaflow-bronze</c>: the embedded silo
/// of <c>kardiaflow run</c>, stopping at Bronze like the peer) so that wall time and peak memory are whole-process
/// figures. Rates are input records per second.
/// </summary>
internal static class BronzeBenchmark
{
    public static readonly string[] Datasets = ["patients", "encounters", "claims", "providers", "feedback"];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var patients = BenchSupport.IntOption(args, "--patients", 100_000);
        var seed = BenchSupport.IntOption(args, "--seed", 42);
        var work = Path.GetFullPath(BenchSupport.StringOption(args, "--work", Path.Combine(".bench")));
        var data = Path.Combine(work, $"data-{patients}-{seed}");
        var records = await BenchSupport.EnsureDataAsync(data, patients, seed, cancellationToken);

        Console.WriteLine($"Bronze ingestion — {patients:N0} patients, {records:N0} input records, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var self = Environment.ProcessPath ?? "dotnet";
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new List<string> { typeof(BronzeBenchmark).Assembly.Location } : [];

        var peerOut = BenchSupport.Recreate(Path.Combine(work, "duckdb-bronze"));
        var peer = await ChildProcessMeter.RunAsync(self, [.. selfArgs, "duckdb-bronze", data, peerOut], cancellationToken);
        BenchSupport.Require(peer, "DuckDB peer");
        var peerRows = JsonSerializer.Deserialize<Dictionary<string, long>>(peer.StandardOutput.Trim().Split('\n')[^1])!;

        var lake = BenchSupport.Recreate(Path.Combine(work, "kardiaflow-lake"));
        var ours = await ChildProcessMeter.RunAsync(self, [.. selfArgs, "kardiaflow-bronze", data, lake], cancellationToken);
        BenchSupport.Require(ours, "kardiaflow Bronze run");
        var ourRows = await CountBronzeRowsAsync(lake, cancellationToken);
        var phases = JsonSerializer.Deserialize<Dictionary<string, double>>(ours.StandardOutput.Trim().Split('\n')[^1])!;

        Console.WriteLine($"{"engine",-12}{"seconds",10}{"records/s",14}{"peak MiB",10}   Bronze rows per dataset");
        Print("duckdb", peer, records, peerRows);
        Print("kardiaflow", ours, records, ourRows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kardiaflow phases: runtime start {phases["runtime"]:F2} s, silo start {phases["startup"]:F2} s, job {phases["ingest"]:F2} s ({records / phases["ingest"]:N0} records/s), silo stop {phases["stop"]:F2} s"));
        var ratio = peer.Elapsed.TotalSeconds / ours.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio kardiaflow/duckdb records/s: {ratio:F2}x (target >= 0.5x: {(ratio >= 0.5 ? "met" : "missed")}); kardiaflow peak memory target < 1024 MiB: {(ours.PeakResidentBytes < 1L << 30 ? "met" : "missed")}"));

        var differences = Datasets.Where(d => peerRows.GetValueOrDefault(d) != ourRows.GetValueOrDefault(d)).ToList();
        if (differences.Count > 0)
        {
            // A benchmark whose outputs differ measures nothing: say where, and fail.
            Console.WriteLine("Bronze row counts differ for: " + string.Join(", ", differences.Select(d => $"{d} (duckdb {peerRows.GetValueOrDefault(d)}, kardiaflow {ourRows.GetValueOrDefault(d)})")));
            return 1;
        }

        Console.WriteLine("Bronze row counts agree.");
        return 0;
    }

    /// <summary>The peer's child-process entry: <c>duckdb-bronze INPUT OUTPUT</c>, printing its row counts as JSON.</summary>
    public static async Task<int> RunPeerAsync(string[] args, CancellationToken cancellationToken)
    {
        var result = await DuckDbBronzePeer.RunAsync(args[0], args[1], cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(result.BronzeRows));
        return 0;
    }

    private static async Task<Dictionary<string, long>> CountBronzeRowsAsync(string lake, CancellationToken cancellationToken)
    {
        var storage = new LocalLakeStorage(lake);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var dataset in Datasets)
        {
            var table = await DeltaTable.OpenAsync(storage, $"bronze/bronze_{dataset}", cancellationToken);
            counts[dataset] = table.Snapshot.Files.Values.Sum(f => NumRecords(f.Stats));
        }

        return counts;
    }

    private static long NumRecords(string? stats)
    {
        using var document = JsonDocument.Parse(stats ?? throw new InvalidOperationException("A Bronze file has no statistics."));
        return document.RootElement.GetProperty("numRecords").GetInt64();
    }

    private static void Print(string engine, ChildProcessResult result, long records, IReadOnlyDictionary<string, long> rows) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine,-12}{result.Elapsed.TotalSeconds,10:F2}{records / result.Elapsed.TotalSeconds,14:N0}{result.PeakResidentBytes / 1048576.0,10:F0}   {string.Join(" ", Datasets.Select(d => $"{d}={rows.GetValueOrDefault(d)}"))}"));
}
