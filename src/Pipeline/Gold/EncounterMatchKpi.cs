namespace Kardiaflow.Pipeline.Gold;

/// <summary>The one row of gold_feedback_encounter_match: feedback total, with a visit id, and matched to an encounter.</summary>
public sealed class EncounterMatchKpi : KpiPartition
{
    public long Total { get; set; }

    public long WithVisitId { get; set; }

    public long Matched { get; set; }

    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var delta = new GoldDelta();
        if (facts.Feedback.Count == 0)
        {
            return delta;
        }

        var before = Rows();
        foreach (var f in facts.Feedback)
        {
            Total += f.Weight;
            if (f.VisitId is not null)
            {
                WithVisitId += f.Weight;
                if (!f.EncounterMissing)
                {
                    Matched += f.Weight;
                }
            }
        }

        var after = Rows();
        if (before.Count != after.Count || (after.Count == 1 && !GoldValues.RowEquals(before[0], after[0])))
        {
            // The table has no key: the writer overwrites it with the upserted row, or empties it.
            delta.AddRows(GoldTables.FeedbackEncounterMatch.Name, after, after.Count == 0 ? before : []);
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Total);
        writer.Write(WithVisitId);
        writer.Write(Matched);
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Total = reader.ReadInt64();
        WithVisitId = reader.ReadInt64();
        Matched = reader.ReadInt64();
    }

    /// <summary>The one row has no grouping key: the coordinator writes it from the delta.</summary>
    public override IEnumerable<string> Keys => [];

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
    }

    public List<object?[]> Rows() =>
        Total == 0 ? [] : [[Total, WithVisitId, Matched, KpiMath.Round(100m * Matched / Total, 2)]];
}
