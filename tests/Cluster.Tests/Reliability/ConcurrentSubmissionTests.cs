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
        // A: a large providers file (slow to write) ending with P0's new specialty; B: one line, listed later, written fast.
        var slow = TestData.NewFolder("listed-first");
        Directory.CreateDirectory(Path.Combine(slow, "providers"));
        var text = new StringBuilder("ProviderID\tProviderSpecialty\tProviderLocation\n");
        for (var i = 0; i < 300_000; i++)
        {
            text.Append("P0\tOncology\tSpringfield\n");
        }

        await File.WriteAllTextAsync(Path.Combine(slow, "providers", "providers_1.tsv"), text.ToString());
        var fast = TestData.NewFolder("listed-second");
        Directory.CreateDirectory(Path.Combine(fast, "providers"));
        await File.WriteAllTextAsync(Path.Combine(fast, "providers", "providers_1.tsv"), "ProviderID\tProviderSpecialty\tProviderLocation\nP0\tCardiology\tShelbyville\n");
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        var first = cluster.Client.GetGrain<IIngestionJobGrain>("listed-first");
        await first.SubmitAsync(new SubmissionRequest(slow, null, []));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await first.GetStatusAsync()).Phase == JobPhase.Listing && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var second = cluster.Client.GetGrain<IIngestionJobGrain>("listed-second");
        await second.SubmitAsync(new SubmissionRequest(fast, null, []));
        var secondDone = await cluster.WaitAsync(second, TimeSpan.FromMinutes(3));
        var firstDone = await cluster.WaitAsync(first, TimeSpan.FromMinutes(3));

        Assert.True(firstDone.Succeeded && secondDone.Succeeded);
        // The race this test is about: the later-listed submission committed first.
        Assert.True(Assert.Single(secondDone.Files).CommitVersion < Assert.Single(firstDone.Files).CommitVersion,
            $"the slow submission committed first ({firstDone.Files[0].CommitVersion} vs {secondDone.Files[0].CommitVersion}): make its file larger");

        var statuses = await SilverRun.WaitForSilverAsync(cluster);
        var providers = Assert.Single(statuses, s => s.SilverTable == "silver_providers");
        Assert.True(providers.FailedAttempts == 0 && providers.LastError is null, $"{providers.FailedAttempts} failed attempts: {providers.LastError}");
        var rows = await LakeTables.ReadAsync(cluster.Lake, "silver/silver_providers");
        var specialty = rows.Columns.ToList().IndexOf("provider_specialty");
        var current = rows.Columns.ToList().IndexOf("is_current");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Oncology", Assert.Single(rows.Rows, r => r[current] is true)[specialty]);
    }
}
