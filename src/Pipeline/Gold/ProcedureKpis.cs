using System.Globalization;
using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// Per procedure code of silver_claims: gold_claim_amount_outliers (exact population moments, so adding and retracting
/// claims never drifts) and the per-procedure approved summaries that <see cref="HighCostRanking"/> ranks. A changed
/// mean or standard deviation can move any claim of the procedure in or out, so the rows of a touched procedure are
/// recomputed from its claims.
/// </summary>
public sealed class ProcedureKpis : KpiPartition
{
    private const char Separator = '\u001f';

    public Dictionary<string, ProcedureAggregate> Procedures { get; set; } = new(StringComparer.Ordinal);

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        var withAmount = facts.Claims.Where(c => c.Amount is not null).ToList();
        var touched = withAmount.Select(c => KpiMath.Key(c.ProcedureCode)).ToHashSet(StringComparer.Ordinal);
        var before = touched.ToDictionary(p => p, p => OutlierRows(p, settings), StringComparer.Ordinal);
        foreach (var c in withAmount)
        {
            var procedure = KpiMath.Key(c.ProcedureCode);
            if (!Procedures.TryGetValue(procedure, out var aggregate))
            {
                aggregate = new ProcedureAggregate();
                Procedures[procedure] = aggregate;
            }

            var amount = KpiMath.ToDecimal(c.Amount!.Value);
            aggregate.Moments.Add(amount, c.Weight);
            Bump(aggregate.Claims, c.ClaimId + Separator + amount.ToString(CultureInfo.InvariantCulture), c.Weight);
            if (c.Status == SpecialtyKpis.Approved)
            {
                aggregate.ApprovedCount += c.Weight;
                aggregate.ApprovedSum += c.Weight * amount;
            }
        }

        var delta = new GoldDelta();
        foreach (var procedure in touched)
        {
            delta.Replace(GoldTables.ClaimAmountOutliers, before[procedure], OutlierRows(procedure, settings));
            var aggregate = Procedures[procedure];
            delta.AddRows(HighCostRanking.InputName, [[procedure, aggregate.ApprovedCount, aggregate.ApprovedSum]], []);
            if (aggregate.Moments.Count == 0)
            {
                Procedures.Remove(procedure);
            }
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Procedures.Count);
        foreach (var (procedure, aggregate) in Procedures)
        {
            writer.Write(procedure);
            aggregate.Moments.Write(writer);
            writer.Write(aggregate.ApprovedCount);
            writer.Write(aggregate.ApprovedSum);
            writer.Write(aggregate.Claims.Count);
            foreach (var (claim, count) in aggregate.Claims)
            {
                writer.Write(claim);
                writer.Write(count);
            }
        }
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var procedures = reader.ReadInt32();
        Procedures = new Dictionary<string, ProcedureAggregate>(procedures, StringComparer.Ordinal);
        for (var p = 0; p < procedures; p++)
        {
            var procedure = reader.ReadString();
            var aggregate = new ProcedureAggregate { Moments = ExactMoments.Read(reader), ApprovedCount = reader.ReadInt64(), ApprovedSum = reader.ReadDecimal() };
            var claims = reader.ReadInt32();
            aggregate.Claims = new Dictionary<string, long>(claims, StringComparer.Ordinal);
            for (var c = 0; c < claims; c++)
            {
                aggregate.Claims.Add(reader.ReadString(), reader.ReadInt64());
            }

            Procedures.Add(procedure, aggregate);
        }
    }

    public override IEnumerable<string> Keys => Procedures.Keys;

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        add(GoldTables.ClaimAmountOutliers, OutlierRows(key, settings));
    }

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<object?[]> OutlierRows(string procedure, KpiSettings settings)
    {
        var rows = new List<object?[]>();
        if (!Procedures.TryGetValue(procedure, out var aggregate) || aggregate.Moments.Count < settings.OutlierMinClaims)
        {
            return rows;
        }

        var moments = aggregate.Moments;
        foreach (var key in aggregate.Claims.Keys)
        {
            var cut = key.IndexOf(Separator, StringComparison.Ordinal);
            var amount = decimal.Parse(key.AsSpan(cut + 1), CultureInfo.InvariantCulture);
            if (moments.IsBeyond(amount, settings.OutlierStdDevs))
            {
                rows.Add(
                [
                    key[..cut], procedure, (double)amount, moments.Mean, moments.PopulationStdDev,
                    KpiMath.Round((decimal)moments.ZScore(amount), 2),
                ]);
            }
        }

        return rows;
    }
}
