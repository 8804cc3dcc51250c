using System.Text.RegularExpressions;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary><c>kardiaflow submit --wait</c> and <c>status</c> against the standalone silo, all real processes.</summary>
public sealed partial class SubmitCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Submit_wait_runs_the_pipeline_to_the_checks_on_a_running_silo_and_status_lists_the_job()
    {
        var lake = TestData.NewFolder("lake");
        using var silo = await StandaloneSilo.StartAsync(lake, TimeSpan.FromMinutes(2));
        var gateway = silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exit, output, error) = await KardiaflowProcess.RunAsync(
            Timeout, "submit", TestData.CopySamples(), "--wait", "--gateway-port", gateway);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}\nsilo:\n{silo.Output}");
        Assert.Equal(["patients", "3", "3001", "3000", "1", "0", "0"], SummaryTable.Row(output, "patients").Take(7));
        Assert.Equal("2983", Assert.Single(SummaryTable.RowsStartingWith(output, "silver_patients"), r => r.Count == 6)[1]);
        // A running silo's Gold also follows Silver on its 1 s interval: it may be up to date before --wait asks.
        Assert.Matches(@"Gold: (epoch \d+,|nothing changed; it was already up to date with Silver \(epoch [1-9])", output);
        Assert.Contains("Denial rate by specialty", output, StringComparison.Ordinal);
        Assert.Contains("GOLD checks (", output, StringComparison.Ordinal);
        Assert.True(Regex.Count(output, @"\bPASS\b") > 10, output);
        Assert.DoesNotMatch(@"\b(FAIL|ERROR)\b", output);
        Assert.True(File.Exists(Path.Combine(lake, "validation", "smoke_results", "_delta_log", "00000000000000000000.json")));

        var jobId = JobId().Match(output).Groups[1].Value;
        var (statusExit, statusOutput, statusError) = await KardiaflowProcess.RunAsync(Timeout, "status", "--gateway-port", gateway);
        Assert.True(statusExit == 0, $"exit {statusExit}\n{statusOutput}\n{statusError}");
        Assert.Contains(jobId, statusOutput, StringComparison.Ordinal);
        Assert.Contains("Completed", statusOutput, StringComparison.Ordinal);
        Assert.Contains("gold_provider_daily_spend", statusOutput, StringComparison.Ordinal);
        Assert.Contains("no streamed input yet", statusOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_without_a_path_is_bad_usage()
    {
        var (noPath, _, _) = await KardiaflowProcess.RunAsync(Timeout, "submit", "--wait");
        Assert.Equal(2, noPath);
    }

    [GeneratedRegex(@"Submitted job (\S+)\.")]
    private static partial Regex JobId();
}
