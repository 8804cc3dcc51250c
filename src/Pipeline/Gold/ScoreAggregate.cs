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

    public double? AverageScore => KpiMath.RoundRatio(ScoreSum, Scored, 2);
}
