using System.Globalization;
using System.Text.RegularExpressions;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// Issue 16: a change of a Silver feed's tables underneath a running silo (what <c>rebuild</c> did to a silo serving the
/// lake before the writer lease refused it) must not go unsaid. A feed that fails every batch: <c>submit --wait</c> says
/// so and exits 1 instead of waiting (before: up to an hour), <c>status</c> names the feed, its last error's type and its
/// failed attempts, and the check "Silver has consumed every Bronze version" FAILs. A Silver table replaced underneath
/// Gold: the check "Gold has consumed every Silver version" FAILs (before: exit 0, Gold silently stale).
/// </summary>
public sealed class FailingFeedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_feed_that_fails_every_batch_is_reported_by_submit_wait_status_and_the_checks()
    {
        var lake = TestData.NewFolder("lake");
        using var silo = await StandaloneSilo.StartAsync(lake, TimeSpan.FromMinutes(2));
        var gateway = silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
        await SubmitSamplesAsync(gateway);

        // silver_claims replaced underneath the silo by another table (a Delta table, readable, of another schema): the
        // claims feed has no cursor in it, reads Bronze from the start, and its MERGE fails on every attempt.
        var claims = Path.Combine(lake, "silver", "silver_claims");
        Directory.Delete(claims, recursive: true);
        CopyFolder(Path.Combine(lake, "silver", "silver_feedback"), claims);

        var second = await KardiaflowProcess.RunAsync(Timeout, "submit", NewSubmission("claims"), "--wait", "--gateway-port", gateway);
        Assert.True(second.ExitCode == 1, $"exit {second.ExitCode}\n{second.Output}\n{second.Error}");
        Assert.Contains("Silver feed of bronze/bronze_claims is failing: DeltaLakeException, ", second.Output, StringComparison.Ordinal);
        // (The table wraps long messages over several lines: the row's start is matched.)
        Assert.Matches(@"silver_claims\s+│\s+bronze_versions_unconsumed\s+│\s+[1-9]\d*\s+│\s+FAIL\s+│\s+the Silver feed of", second.Output);
        Assert.Contains("Not complete: 1 Silver feed(s) keep failing", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", second.Output + second.Error, StringComparison.Ordinal);

        var status = await KardiaflowProcess.RunAsync(Timeout, "status", "--gateway-port", gateway);
        Assert.True(status.ExitCode == 1, $"exit {status.ExitCode}\n{status.Output}\n{status.Error}");
        var row = Regex.Match(status.Output, @"bronze/bronze_claims\s+│\s+\d+\s+│\s+(\d+)\s+│\s+DeltaLakeException");
        Assert.True(row.Success, status.Output);
        Assert.True(int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture) >= 12, status.Output);
        Assert.Contains("Silver feed of bronze/bronze_claims is failing: DeltaLakeException", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bronze/bronze_patients is failing", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Silver_table_recreated_underneath_Gold_fails_the_Gold_freshness_check()
    {
        var lake = TestData.NewFolder("lake");
        using var silo = await StandaloneSilo.StartAsync(lake, TimeSpan.FromMinutes(2));
        var gateway = silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
        await SubmitSamplesAsync(gateway);

        // A second claims submission: silver_claims has at least two MERGE versions, and Gold has consumed them.
        var more = await KardiaflowProcess.RunAsync(Timeout, "submit", NewSubmission("claims"), "--wait", "--gateway-port", gateway);
        Assert.True(more.ExitCode == 0, $"exit {more.ExitCode}\n{more.Output}\n{more.Error}");

        // silver_claims deleted underneath the silo, as rebuild deleted it: the feed recreates it (a new table, fewer
        // versions than before), and Gold's cursor is past the new table: Gold reads nothing from it, stale.
        Directory.Delete(Path.Combine(lake, "silver", "silver_claims"), recursive: true);
        var second = await KardiaflowProcess.RunAsync(Timeout, "submit", NewSubmission("feedback"), "--wait", "--gateway-port", gateway);
        Assert.True(second.ExitCode == 1, $"exit {second.ExitCode}\n{second.Output}\n{second.Error}");
        Assert.Matches(@"silver_claims\s+│\s+silver_versions_unconsumed\s+│\s+-[1-9]\d*\s+│\s+FAIL\s+│\s+Gold consumed", second.Output);
    }

    private static async Task SubmitSamplesAsync(string gateway)
    {
        var first = await KardiaflowProcess.RunAsync(Timeout, "submit", TestData.SamplesFolder, "--wait", "--gateway-port", gateway);
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Output}\n{first.Error}");
        Assert.Matches(@"silver_claims\s+│\s+bronze_versions_unconsumed\s+│\s+0\s+│\s+PASS", first.Output);
        Assert.Matches(@"silver_claims\s+│\s+silver_versions_unconsumed\s+│\s+0\s+│\s+PASS", first.Output);
    }

    /// <summary>One sample file of <paramref name="dataset"/> again under a new name: a new Bronze version for its feed.</summary>
    private static string NewSubmission(string dataset = "claims")
    {
        var input = TestData.NewFolder("input");
        Directory.CreateDirectory(Path.Combine(input, dataset));
        var file = Directory.EnumerateFiles(Path.Combine(TestData.SamplesFolder, dataset)).Order(StringComparer.Ordinal).First();
        File.Copy(file, Path.Combine(input, dataset, dataset + "_resent" + Path.GetExtension(file)));
        return input;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
