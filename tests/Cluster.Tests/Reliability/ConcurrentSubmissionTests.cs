using System.Text;
using Kardiaflow.Cluster.Tests.Silver;
using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// Two submissions at once: the one that listed its files first commits last, with an earlier _ingest_ts than the
/// commit before it. The providers feed must not wedge (docs/adr/scd2-commit-order.md).
/// </summary>
public sealed class ConcurrentSubmissionTests
{
    [Fact]
    public async Task A_submission_that_lists_first_and_commits_last_does_not_wedge_the_providers_feed()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        // The race is arranged, not forced: on a loaded machine the small submission may still commit second, so up to
        // three attempts (each with its own provider), and the test fails if none produced the order it is about.
        string? raced = null;
        for (var attempt = 1; attempt <= 3 && raced is null; attempt++)
        {
            var provider = $"P{attempt}";
            var (first, second) = await SubmitBothAsync(cluster, provider, attempt);
            if (Assert.Single(second.Files).CommitVersion < Assert.Single(first.Files).CommitVersion)
            {
                raced = provider;
            }
        }

        Assert.True(raced is not null, "in three attempts the submission listed first never committed last: make its file larger");
        var statuses = await SilverRun.WaitForSilverAsync(cluster);
        var providers = Assert.Single(statuses, s => s.SilverTable == "silver_providers");
        Assert.True(providers.FailedAttempts == 0 && providers.LastError is null, $"{providers.FailedAttempts} failed attempts: {providers.LastError}");
        var rows = await LakeTables.ReadAsync(cluster.Lake, "silver/silver_providers");
        var id = rows.Columns.ToList().IndexOf("provider_id");
        var specialty = rows.Columns.ToList().IndexOf("provider_specialty");
        var current = rows.Columns.ToList().IndexOf("is_current");
        var versions = rows.Rows.Where(r => (string?)r[id] == raced).ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal("Oncology", Assert.Single(versions, r => r[current] is true)[specialty]);
    }

    /// <summary>
    /// A: a large providers file (slow to write) ending with the provider's new specialty, listed first; B: one line,
    /// submitted once A has listed, written fast.
    /// </summary>
    private static async Task<(JobSnapshot First, JobSnapshot Second)> SubmitBothAsync(KardiaflowTestCluster cluster, string provider, int attempt)
    {
        var slow = TestData.NewFolder($"listed-first-{attempt}");
        Directory.CreateDirectory(Path.Combine(slow, "providers"));
        var text = new StringBuilder("ProviderID\tProviderSpecialty\tProviderLocation\n");
        for (var i = 0; i < 300_000; i++)
        {
            text.Append(provider).Append("\tOncology\tSpringfield\n");
        }

        await File.WriteAllTextAsync(Path.Combine(slow, "providers", "providers_1.tsv"), text.ToString());
        var fast = TestData.NewFolder($"listed-second-{attempt}");
        Directory.CreateDirectory(Path.Combine(fast, "providers"));
        await File.WriteAllTextAsync(Path.Combine(fast, "providers", "providers_1.tsv"),
            $"ProviderID\tProviderSpecialty\tProviderLocation\n{provider}\tCardiology\tShelbyville\n");

        var first = cluster.Client.GetGrain<IIngestionJobGrain>($"listed-first-{attempt}");
        await first.SubmitAsync(new SubmissionRequest(slow, null, []));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await first.GetStatusAsync()).Phase == JobPhase.Listing && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var second = cluster.Client.GetGrain<IIngestionJobGrain>($"listed-second-{attempt}");
        await second.SubmitAsync(new SubmissionRequest(fast, null, []));
        var secondDone = await cluster.WaitAsync(second, TimeSpan.FromMinutes(3));
        var firstDone = await cluster.WaitAsync(first, TimeSpan.FromMinutes(3));
        Assert.True(firstDone.Succeeded && secondDone.Succeeded);
        return (firstDone, secondDone);
    }
}
