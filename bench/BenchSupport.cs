using System.Diagnostics;
using System.Globalization;
using Kardiaflow.Bench.Pipeline;
using Kardiaflow.Pipeline.Synthetic;

namespace Kardiaflow.Bench;

/// <summary>What every benchmark section needs: its data set (generated once, cached), scratch folders, options, and a child-process check.</summary>
internal static class BenchSupport
{
    /// <summary>
    /// Generates the data set into <paramref name="folder"/> unless a previous run left it there (marked by a
    /// <c>.records</c> file holding the record count), so sections reuse each other's data. The folder name must say
    /// how many parts it holds when they are not the default 3.
    /// </summary>
    public static async Task<long> EnsureDataAsync(string folder, int patients, int seed, CancellationToken cancellationToken, int parts = 3)
    {
        var marker = Path.Combine(folder, ".records");
        if (File.Exists(marker))
        {
            return long.Parse(await File.ReadAllTextAsync(marker, cancellationToken), CultureInfo.InvariantCulture);
        }

        Recreate(folder);
        var stopwatch = Stopwatch.StartNew();
        var summary = await new SyntheticDataGenerator(new SyntheticDataOptions(folder, patients, seed) { Parts = parts }).GenerateAsync(null, cancellationToken);
        Console.WriteLine($"generated {summary.TotalRecords:N0} records in {stopwatch.Elapsed.TotalSeconds:F1} s");
        await File.WriteAllTextAsync(marker, summary.TotalRecords.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return summary.TotalRecords;
    }

    public static void Require(ChildProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {result.ExitCode} after {result.Elapsed.TotalSeconds:F0} s:\n{result.StandardError[^Math.Min(3000, result.StandardError.Length)..]}\n{result.StandardOutput[^Math.Min(3000, result.StandardOutput.Length)..]}");
        }
    }

    public static string Recreate(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Directory.CreateDirectory(folder).FullName;
    }

    public static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    public static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
