namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// One procedure's claims with an amount: exact moments for the outlier test, the claims themselves
/// (claim id + U+001F + amount → multiplicity), and the approved claims' count and exact sum for the high-cost ranking.
/// </summary>
public sealed class ProcedureAggregate
{
    public ExactMoments Moments { get; set; } = new();

    public Dictionary<string, long> Claims { get; set; } = new(StringComparer.Ordinal);

    public long ApprovedCount { get; set; }

    public decimal ApprovedSum { get; set; }
}
