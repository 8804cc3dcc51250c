namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// Where one Silver feed stands once the run settled: the Bronze version it had to reach, the last one it consumed,
/// and, when its latest attempt failed, the error's type and the failed attempts (never a row value).
/// </summary>
public sealed record FeedProgress(string BronzeTable, string SilverTable, long BronzeVersion, long ConsumedVersion, string? ErrorType, int FailedAttempts);
