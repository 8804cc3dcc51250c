namespace Kardiaflow.Pipeline.Gold;

/// <summary>A procedure's approved claims with an amount: how many and their exact sum.</summary>
public sealed class ProcedureSummary
{
    public long Count { get; set; }

    public decimal Sum { get; set; }
}
