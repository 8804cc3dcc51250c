namespace Kardiaflow.Bench.Pipeline;

internal sealed record ChildProcessResult(int ExitCode, TimeSpan Elapsed, long PeakResidentBytes, string StandardOutput, string StandardError);
