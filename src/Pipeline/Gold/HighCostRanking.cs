namespace Kardiaflow.Pipeline.Gold;

/// <summary>
/// gold_high_cost_procedures: the procedures with at least 3 approved claims with an amount, ranked by their exact
/// average (highest first, ties by procedure code ascending), top 10. Fed with the per-procedure summaries the
/// procedure partitions report (rows of <see cref="InputName"/>: procedure, approved count, approved sum).
/// </summary>
public sealed class HighCostRanking
{
    public const string InputName = "_procedure_approved_summary";

    public Dictionary<string, ProcedureSummary> Procedures { get; set; } = new(StringComparer.Ordinal);

    public GoldDelta Apply(IEnumerable<object?[]> summaries, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(settings);
        var before = Rows(settings);
        foreach (var row in summaries)
        {
            var procedure = (string)row[0]!;
            var count = Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture);
            if (count == 0)
            {
                Procedures.Remove(procedure);
            }
            else
            {
                Procedures[procedure] = new ProcedureSummary { Count = count, Sum = (decimal)row[2]! };
            }
        }

        var delta = new GoldDelta();
        delta.Replace(GoldTables.HighCostProcedures, before, Rows(settings));
        return delta;
    }

    public List<object?[]> Rows(KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Procedures.Where(p => p.Value.Count >= settings.HighCostMinClaims)
            .Select(p => (Code: p.Key, p.Value.Count, Average: p.Value.Sum / p.Value.Count))
            .OrderByDescending(p => p.Average).ThenBy(p => p.Code, StringComparer.Ordinal)
            .Take(settings.HighCostTop)
            .Select(p => new object?[] { p.Code, KpiMath.Round(p.Average, 2), p.Count })
            .ToList();
    }
}
