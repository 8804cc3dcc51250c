namespace Kardiaflow.Silo.Web.Lake;

/// <summary>
/// How far a Silver feed is behind its Bronze table: the Bronze table's latest version, the last Bronze version the
/// feed committed into Silver (-1 before the first), the versions in between, and how long the oldest of those has
/// waited (zero when caught up).
/// </summary>
public sealed record FeedLag(string Dataset, string BronzeTable, long BronzeVersion, long ConsumedVersion, long LagVersions, double LagSeconds);
