namespace Kardiaflow.Bench.Pipeline;

/// <summary>One engine's Bronze ingestion of a data set: wall time and the rows it put into Bronze per dataset.</summary>
internal sealed record BronzeRunResult(string Engine, TimeSpan Elapsed, IReadOnlyDictionary<string, long> BronzeRows)
{
    public long TotalRows => BronzeRows.Values.Sum();

    public double RowsPerSecond => TotalRows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
