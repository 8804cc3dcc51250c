using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kardiaflow.Bench.Pipeline;

namespace Kardiaflow.Bench.EndToEnd;

/// <summary>
/// A child process measured like <see cref="ChildProcessMeter"/> (wall time, peak RSS from /proc VmHWM) but killed
/// after a deadline: a pipeline that stops making progress must fail the benchmark, not hang it.
/// </summary>
internal static class TimedChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TERM"] = "dumb";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        double cpu = 0;
        var timedOut = false;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
            cpu = Math.Max(cpu, CpuSeconds(process.Id));
            if (stopwatch.Elapsed > deadline)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                break;
            }

            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(50, cancellationToken));
        }

        await process.WaitForExitAsync(cancellationToken);
        stopwatch.Stop();
        string Text(StringBuilder builder)
        {
            lock (builder)
            {
                return builder.ToString();
            }
        }

        var error = timedOut ? $"killed after {deadline.TotalMinutes:F0} min without finishing\n" + Text(stderr) : Text(stderr);
        return new ChildProcessResult(timedOut ? -1 : process.ExitCode, stopwatch.Elapsed, peak, Text(stdout), error, cpu);
    }

    /// <summary>
    /// User + system CPU seconds so far (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s): on a machine
    /// shared with other work, CPU time moves far less than wall time.
    /// </summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
            return 0;
        }
    }
}
