namespace Kardiaflow.Pipeline.Checks;

/// <summary>Runs checks one after the other; a check that throws becomes one <c>exception</c> row with status ERROR.</summary>
public static class CheckRunner
{
    public const string ExceptionMetric = "exception";

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IEnumerable<DataCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            try
            {
                results.AddRange(await check.Run(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                results.Add(new CheckResult(check.Layer, check.TableName, ExceptionMetric, null, CheckStatus.Error, $"{check.Name}: {e.GetType().Name}: {e.Message}"));
            }
        }

        return results;
    }
}
