namespace Kardiaflow.Pipeline.Checks;

/// <summary>One row of <c>validation/smoke_results</c> (without the run's shared <c>run_ts</c>).</summary>
public sealed record CheckResult(string Layer, string TableName, string Metric, string? Value, string Status, string? Message)
{
    public bool Failed => Status != CheckStatus.Pass;

    public static CheckResult Of(string layer, string table, string metric, long value, bool pass, string? message = null) =>
        new(layer, table, metric, value.ToString(System.Globalization.CultureInfo.InvariantCulture), pass ? CheckStatus.Pass : CheckStatus.Fail, message);
}
