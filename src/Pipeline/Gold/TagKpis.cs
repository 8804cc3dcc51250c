using System.Runtime.CompilerServices;

namespace Kardiaflow.Pipeline.Gold;

/// <summary>Per feedback tag (each element of <c>tags</c>, a null element as 'Unknown'): gold_feedback_tag_analysis.</summary>
public sealed class TagKpis : KpiPartition
{
    public Dictionary<string, ScoreAggregate> Tags { get; set; } = new(StringComparer.Ordinal);

    // Runs over every fact or row of an epoch, often once per process: optimized at once rather than from tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override GoldDelta Apply(KpiFacts facts, DateOnly asOf, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var touched = facts.Feedback.SelectMany(f => f.Tags ?? []).Select(KpiMath.Key).ToHashSet(StringComparer.Ordinal);
        var before = touched.ToDictionary(t => t, Rows, StringComparer.Ordinal);
        foreach (var f in facts.Feedback)
        {
            foreach (var tag in (f.Tags ?? []).Select(KpiMath.Key))
            {
                if (!Tags.TryGetValue(tag, out var score))
                {
                    score = new ScoreAggregate();
                    Tags[tag] = score;
                }

                score.Add(f.Score, f.Weight);
                if (score.Count == 0)
                {
                    Tags.Remove(tag);
                }
            }
        }

        var delta = new GoldDelta();
        foreach (var tag in touched)
        {
            delta.Replace(GoldTables.FeedbackTagAnalysis, before[tag], Rows(tag));
        }

        AsOfDay = asOf.DayNumber;
        return delta;
    }

    protected override void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Tags.Count);
        foreach (var (tag, score) in Tags)
        {
            writer.Write(tag);
            score.Write(writer);
        }
    }

    protected override void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tags = reader.ReadInt32();
        Tags = new Dictionary<string, ScoreAggregate>(tags, StringComparer.Ordinal);
        for (var t = 0; t < tags; t++)
        {
            Tags.Add(reader.ReadString(), ScoreAggregate.Read(reader));
        }
    }

    public override IEnumerable<string> Keys => Tags.Keys;

    public override void AddRows(string key, KpiSettings settings, Action<GoldTable, IReadOnlyList<object?[]>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        add(GoldTables.FeedbackTagAnalysis, Rows(key));
    }

    private List<object?[]> Rows(string tag) =>
        Tags.TryGetValue(tag, out var score) ? [[tag, score.Count, score.AverageScore]] : [];
}
