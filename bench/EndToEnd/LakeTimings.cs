using System.Text.Json;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// What can be measured of Kardiaflow's layers from outside its process: when each layer made its last Delta commit
/// (the newest commit file under <c>&lt;layer&gt;/*/_delta_log</c>), and the rows a layer's tables hold.
/// </summary>
internal static class LakeTimings
{
    public static Dictionary<string, double> LayerSeconds(string lake, DateTime started, IReadOnlyList<string> layers)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var previous = started;
        foreach (var layer in layers)
        {
            var last = Directory.EnumerateFiles(Path.Combine(lake, layer), "*.json", SearchOption.AllDirectories)
                .Where(f => f.Contains("_delta_log", StringComparison.Ordinal))
                .Select(File.GetLastWriteTimeUtc)
                .DefaultIfEmpty(previous)
                .Max();
            seconds[layer] = Math.Max((last - previous).TotalSeconds, 1e-3);
            previous = last > previous ? last : previous;
        }

        return seconds;
    }

    public static async Task<Dictionary<string, long>> CountRowsAsync(string lake, string layer, IEnumerable<string> datasets, CancellationToken cancellationToken)
    {
        var storage = new LocalLakeStorage(lake);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            var table = await DeltaTable.OpenAsync(storage, $"{layer}/{layer}_{dataset}", cancellationToken);
            counts[dataset] = table.Snapshot.Files.Values.Sum(f => NumRecords(f.Stats));
        }

        return counts;
    }

    private static long NumRecords(string? stats)
    {
        using var document = JsonDocument.Parse(stats ?? throw new InvalidOperationException("A data file has no statistics."));
        return document.RootElement.GetProperty("numRecords").GetInt64();
    }
}
