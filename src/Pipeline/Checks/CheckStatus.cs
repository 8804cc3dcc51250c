namespace Kardiaflow.Pipeline.Checks;

/// <summary>The status values of <c>validation/smoke_results</c>.</summary>
public static class CheckStatus
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string Error = "ERROR";
}
