using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Per provider specialty of silver_claims_enriched: gold_claim_approval_by_specialty and
/// gold_claim_denial_breakdown. A claim moving Approved → Denied arrives as a retracted Approved pre-image and a Denied
/// post-image, so it leaves the approved count and enters the denials in the same epoch.
/// </summary>
public sealed class SpecialtyKpis : KpiPartition
{
    public const string Approved = "Approved";
    public const string Denied = "Denied";

    public Dictionary<string, SpecialtyAggregate> Specialties { get; set; } = new(StringComparer.Ordinal);

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var touched = facts.EnrichedClaims.Select(c => KpiMath.Key(c.ProviderSpecialty)).ToHashSet(StringComparer.Ordinal);
        var before = touched.ToDictionary(s => s, Rows, StringComparer.Ordinal);
        foreach (var c in facts.EnrichedClaims)
        {
            var specialty = KpiMath.Key(c.ProviderSpecialty);
            if (!Specialties.TryGetValue(specialty, out var aggregate))
            {
                aggregate = new SpecialtyAggregate();
                Specialties[specialty] = aggregate;
            }

            aggregate.Total += c.Weight;
            if (c.Status == Approved)
            {
                aggregate.Approved += c.Weight;
            }
            else if (c.Status == Denied)
            {
                Bump(aggregate.Denials, KpiMath.Key(c.DiagnosisCode), c.Weight);
            }
        }

        var delta = new GoldDelta();
        foreach (var specialty in touched)
        {
            var after = Rows(specialty);
            delta.Replace(GoldTables.ClaimApprovalBySpecialty, before[specialty].Approval, after.Approval);
            delta.Replace(GoldTables.ClaimDenialBreakdown, before[specialty].Denial, after.Denial);
            if (Specialties.TryGetValue(specialty, out var aggregate) && aggregate.Total == 0 && aggregate.Denials.Count == 0)
            {
                Specialties.Remove(specialty);
            }
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Specialties.Count);
        foreach (var (specialty, aggregate) in Specialties)
        {
            writer.Write(specialty);
            writer.Write(aggregate.Total);
            writer.Write(aggregate.Approved);
            writer.Write(aggregate.Denials.Count);
            foreach (var (diagnosis, count) in aggregate.Denials)
            {
                writer.Write(diagnosis);
                writer.Write(count);
            }
        }
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var specialties = reader.ReadInt32();
        Specialties = new Dictionary<string, SpecialtyAggregate>(specialties, StringComparer.Ordinal);
        for (var s = 0; s < specialties; s++)
        {
            var specialty = reader.ReadString();
            var aggregate = new SpecialtyAggregate { Total = reader.ReadInt64(), Approved = reader.ReadInt64() };
            var denials = reader.ReadInt32();
            for (var d = 0; d < denials; d++)
            {
                aggregate.Denials.Add(reader.ReadString(), reader.ReadInt64());
            }

            Specialties.Add(specialty, aggregate);
        }
    }

    public override IEnumerable<string> Keys => Specialties.Keys;

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var (approval, denial) = Rows(key);
        add(GoldTables.ClaimApprovalBySpecialty, approval);
        add(GoldTables.ClaimDenialBreakdown, denial);
    }

    private (List<object?[]> Approval, List<object?[]> Denial) Rows(string specialty)
    {
        if (!Specialties.TryGetValue(specialty, out var aggregate) || aggregate.Total == 0)
        {
            return ([], []);
        }

        var approval = new List<object?[]> { new object?[] { specialty, aggregate.Total, aggregate.Approved, KpiMath.Round((decimal)aggregate.Approved / aggregate.Total, 4) } };
        var denials = aggregate.Denials.Values.Sum();
        var denial = aggregate.Denials
            .Select(d => new object?[] { specialty, d.Key, d.Value, KpiMath.Round((decimal)d.Value / denials, 4) })
            .ToList();
        return (approval, denial);
    }
}
