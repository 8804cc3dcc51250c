namespace Kardiaflow.Pipeline.Gold;

/// <summary>Count of feedback rows and the exact sum of their (non-null) satisfaction scores.</summary>
public sealed class ScoreAggregate
{
    public long Count { get; set; }

    public long Scored { get; set; }

    public long ScoreSum { get; set; }

    public void Add(int? score, int weight)
    {
        Count += weight;
        if (score is { } s)
        {
            Scored += weight;
            ScoreSum += weight * (long)s;
        }
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        writer.Write(Scored);
        writer.Write(ScoreSum);
    }

    public static ScoreAggregate Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ScoreAggregate { Count = reader.ReadInt64(), Scored = reader.ReadInt64(), ScoreSum = reader.ReadInt64() };
    }

    public double? AverageScore => KpiMath.RoundRatio(ScoreSum, Scored, 2);
}
