namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// What the freshness checks compare, gathered by the caller once the run settled (the Validation grain): each Silver
/// feed's progress; each Silver table Gold follows with its version before Gold's last update
/// (<paramref name="SilverVersions"/>, read from the lake) and the version Gold has consumed up to
/// (<paramref name="GoldConsumed"/>, -1 or absent: none); and the error of that update, if it failed.
/// </summary>
public sealed record PipelineProgress(
    IReadOnlyList<FeedProgress> Feeds,
    IReadOnlyDictionary<string, long> SilverVersions,
    IReadOnlyDictionary<string, long> GoldConsumed,
    string? GoldError = null);
