namespace Kardiaflow.Pipeline.Gold;

/// <summary>A provider's claims on one day: how many, how many have an amount, and the exact sum of the amounts.</summary>
public sealed class DaySpend
{
    public long Rows { get; set; }

    public long Amounts { get; set; }

    public decimal Sum { get; set; }

    /// <summary>SUM(claim_amount): null when no claim of the day has an amount.</summary>
    public decimal? Spend => Amounts == 0 ? null : Sum;
}
