namespace Kardiaflow.Grains.Gold;

/// <summary>
/// The Gold grains' type names (the Orleans defaults they always had, now fixed): grain state is filed under them, and
/// <c>kardiaflow rebuild</c> drops their state by these names.
/// </summary>
public static class GoldGrainTypes
{
    public const string Coordinator = "gold";

    public const string Aggregator = "kpiaggregator";

    public const string Ranking = "highcostranking";

    public static IReadOnlyList<string> All { get; } = [Coordinator, Aggregator, Ranking];
}
