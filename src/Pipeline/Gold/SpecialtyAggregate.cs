namespace Kardiaflow.Pipeline.Gold;

/// <summary>One specialty's claims: total, approved, and denials per diagnosis code.</summary>
public sealed class SpecialtyAggregate
{
    public long Total { get; set; }

    public long Approved { get; set; }

    public Dictionary<string, long> Denials { get; set; } = new(StringComparer.Ordinal);
}
