namespace Kardiaflow.Pipeline.Gold;

/// <summary>One provider's spend per day (day number → spend) and feedback per (specialty, source).</summary>
public sealed class ProviderAggregate
{
    public Dictionary<int, DaySpend> Days { get; set; } = [];

    /// <summary>Key: provider_specialty + U+001F + source (both with 'Unknown' for null).</summary>
    public Dictionary<string, ScoreAggregate> Feedback { get; set; } = new(StringComparer.Ordinal);
}
