namespace Kardiaflow.Pipeline.Gold;

/// <summary>One patient's visits (START_TS ticks → count) and claims per day (day number → count).</summary>
public sealed class PatientAggregate
{
    public Dictionary<long, long> Visits { get; set; } = [];

    public Dictionary<int, long> ClaimDays { get; set; } = [];
}
