namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// Tells a Silver feed that keeps failing from one that is slow or rides out a fault. A feed retries a failed batch
/// (up to 5 attempts in a row, then again at the next trigger); a dead silo or a storage hiccup costs an attempt or two
/// and the cursor moves on. A feed is failing when, since it was first watched, at least <see cref="FailedAttemptsLimit"/>
/// more attempts failed, the latest one too, and its cursor has not moved: the same batch fails again and again (a
/// grain state changed underneath it, a table it cannot write). Watch one feed across polls with one instance.
/// </summary>
public sealed class SilverFeedHealth
{
    /// <summary>Failed attempts without progress that make a feed failing: two full retry rounds and then some.</summary>
    public const int FailedAttemptsLimit = 12;

    private readonly Dictionary<string, (long Consumed, int Failed)> _baseline = new(StringComparer.Ordinal);

    /// <summary>The feeds among <paramref name="statuses"/> that keep failing (see the class); updates the baselines.</summary>
    public IReadOnlyList<SilverFeedStatus> Failing(IEnumerable<SilverFeedStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var failing = new List<SilverFeedStatus>();
        foreach (var status in statuses)
        {
            if (!_baseline.TryGetValue(status.BronzeTable, out var baseline)
                || status.ConsumedVersion > baseline.Consumed
                || status.FailedAttempts < baseline.Failed)
            {
                // First look, progress, or a new activation (its count starts again): watch from here.
                _baseline[status.BronzeTable] = (status.ConsumedVersion, status.FailedAttempts);
                continue;
            }

            if (status.LastError is not null && status.FailedAttempts - baseline.Failed >= FailedAttemptsLimit)
            {
                failing.Add(status);
            }
        }

        return failing;
    }

    /// <summary>The type name of the feed's last error (the text before the first ':'), or null.</summary>
    public static string? ErrorType(SilverFeedStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.LastError is not { } error)
        {
            return null;
        }

        var colon = error.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? error : error[..colon];
    }

    /// <summary>One line for a failing feed: the feed, its last error's type, its failed attempts and where it stands.</summary>
    public static string Describe(SilverFeedStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return $"Silver feed of {status.BronzeTable} is failing: {ErrorType(status) ?? "no error"}, {status.FailedAttempts} failed attempts, Bronze consumed up to version {status.ConsumedVersion}.";
    }
}
