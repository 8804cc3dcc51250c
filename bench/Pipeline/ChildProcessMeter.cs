using System.Diagnostics;
using System.Globalization;

namespace Kardiaflow.Bench.Pipeline;

/// <summary>
/// Runs one engine in its own process so that its peak memory is its own: polls the child's VmHWM (peak resident set)
/// from /proc while it runs. Whole-process figures, as docs/architecture.md (Design rules: Performance method) asks.
/// </summary>
internal static class ChildProcessMeter
{
    public static async Task<ChildProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "dumb";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ReadPeakResidentBytes(process.Id));
            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(50, cancellationToken));
        }

        await process.WaitForExitAsync(cancellationToken);
        stopwatch.Stop();
        return new ChildProcessResult(process.ExitCode, stopwatch.Elapsed, peak, await stdout, await stderr);
    }

    private static long ReadPeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }

        return 0;
    }
}
