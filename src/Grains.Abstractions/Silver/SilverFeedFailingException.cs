namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// A Silver feed keeps failing: every attempt of its batch fails and its cursor does not move (see
/// <see cref="SilverFeedHealth"/>). Waiting longer would not help; the message names each failing feed, the type of its
/// last error and its failed attempts (error types and counts only: no row value).
/// </summary>
public sealed class SilverFeedFailingException : Exception
{
    public SilverFeedFailingException(IReadOnlyList<SilverFeedStatus> failing, IReadOnlyList<SilverFeedStatus> all)
        : base(string.Join(" ", failing.Select(SilverFeedHealth.Describe)))
    {
        Failing = failing;
        All = all;
    }

    public SilverFeedFailingException()
    {
        Failing = [];
        All = [];
    }

    public SilverFeedFailingException(string message)
        : base(message)
    {
        Failing = [];
        All = [];
    }

    public SilverFeedFailingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failing = [];
        All = [];
    }

    public IReadOnlyList<SilverFeedStatus> Failing { get; }

    public IReadOnlyList<SilverFeedStatus> All { get; }
}
