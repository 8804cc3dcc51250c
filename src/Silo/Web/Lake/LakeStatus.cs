namespace Kardiaflow.Silo.Web.Lake;

/// <summary>
/// What the lake watch saw on one pass. <see cref="Generation"/> grows by one whenever a table's version changed, so the
/// pages' server-sent events fire only on a change.
/// </summary>
public sealed record LakeStatus(long Generation, DateTimeOffset ObservedAt, IReadOnlyDictionary<string, TableStatus> Tables, IReadOnlyList<FeedLag> Feeds)
{
    public static LakeStatus Empty { get; } = new(0, DateTimeOffset.MinValue, new Dictionary<string, TableStatus>(), []);

    public IEnumerable<TableStatus> Layer(string layer) =>
        WatchedTables.All.Where(t => t.Layer == layer).Select(t => Tables.TryGetValue(t.Path, out var s) ? s : TableStatus.Missing(t));

    /// <summary>The newest commit of any table of the layer.</summary>
    public DateTimeOffset? LastCommit(string layer) => Layer(layer).Max(t => t.LastCommit);

    /// <summary>
    /// Gold freshness as Gold records it today: how far the newest Gold commit is behind the newest commit of the Silver
    /// tables Gold follows (zero when Gold committed after them, null before Gold's first commit).
    /// </summary>
    public double? GoldBehindSilverSeconds
    {
        get
        {
            var gold = LastCommit(WatchedTables.Gold);
            var silver = Pipeline.Gold.GoldInputs.All.Select(p => Tables.GetValueOrDefault(p)?.LastCommit).Max();
            return gold is null ? null : silver is null ? 0 : Math.Max(0, (silver.Value - gold.Value).TotalSeconds);
        }
    }
}
