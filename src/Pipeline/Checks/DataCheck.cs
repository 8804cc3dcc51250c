namespace Kardiaflow.Pipeline.Checks;

/// <summary>A named check of one table; <see cref="Run"/> may return several metrics, or throw (recorded as ERROR).</summary>
public sealed record DataCheck(string Layer, string TableName, string Name, Func<CancellationToken, Task<IReadOnlyList<CheckResult>>> Run);
