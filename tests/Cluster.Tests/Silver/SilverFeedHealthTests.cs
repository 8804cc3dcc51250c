using Kardiaflow.Grains.Abstractions.Silver;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>What makes a Silver feed "keeps failing" for --wait and the checks, and what does not.</summary>
public sealed class SilverFeedHealthTests
{
    [Fact]
    public void A_feed_is_failing_after_twelve_more_failed_attempts_without_progress_and_not_before()
    {
        var health = new SilverFeedHealth();
        Assert.Empty(health.Failing([Status(3, 2, "DeltaLakeException: x")]));
        Assert.Empty(health.Failing([Status(3, 13, "DeltaLakeException: x")]));
        var failing = Assert.Single(health.Failing([Status(3, 14, "DeltaLakeException: x")]));
        Assert.Equal("Silver feed of bronze/bronze_claims is failing: DeltaLakeException, 14 failed attempts, Bronze consumed up to version 3.", SilverFeedHealth.Describe(failing));
    }

    [Fact]
    public void Progress_a_new_activation_or_a_success_is_not_failing()
    {
        var health = new SilverFeedHealth();
        health.Failing([Status(3, 0, null)]);
        // The cursor moved: a feed that fails now and then but goes on is not failing.
        Assert.Empty(health.Failing([Status(4, 20, "IOException: x")]));
        Assert.Empty(health.Failing([Status(4, 31, "IOException: x")]));
        // Reactivated elsewhere (its count starts again): watched from there.
        Assert.Empty(health.Failing([Status(4, 2, "IOException: x")]));
        // The latest attempt succeeded.
        Assert.Empty(health.Failing([Status(4, 40, null)]));
    }

    private static SilverFeedStatus Status(long consumed, int failed, string? error) =>
        new("bronze/bronze_claims", "silver_claims", consumed, 0, 0, 0, 0, error, failed);
}
