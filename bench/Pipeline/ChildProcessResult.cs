namespace Kardiaflow.Bench.Pipeline;

/// <summary>A measured child process; <see cref="CpuSeconds"/> (user + system, sampled from /proc until it exits) is null where not sampled.</summary>
internal sealed record ChildProcessResult(
    int ExitCode, TimeSpan Elapsed, long PeakResidentBytes, string StandardOutput, string StandardError, double? CpuSeconds = null);
