namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// Runs checks, as many at once as there are cores (each scans its own table), and returns their results in the
/// checks' order; a check that throws becomes one <c>exception</c> row with status ERROR.
/// </summary>
public static class CheckRunner
{
    public const string ExceptionMetric = "exception";

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<DataCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var list = checks.ToList();
        var results = new IReadOnlyList<CheckResult>[list.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), options, async (i, ct) =>
        {
            var check = list[i];
            try
            {
                results[i] = await check.Run(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                results[i] = [new CheckResult(check.Layer, check.TableName, ExceptionMetric, null, CheckStatus.Error, $"{check.Name}: {e.GetType().Name}: {e.Message}")];
            }
        }).ConfigureAwait(false);
        return results.SelectMany(r => r).ToList();
    }
}
