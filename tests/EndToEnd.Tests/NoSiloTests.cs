using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>
/// `status` and `submit` with no silo listening say so within seconds, in both profiles (Orleans' own connection retry
/// took three minutes).
/// </summary>
public sealed class NoSiloTests
{
    // Generous for a loaded machine (a console process alone takes a few seconds to start); far below 3 minutes.
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Status_and_submit_on_a_gateway_port_nobody_listens_on_fail_fast_and_say_no_silo_answers()
    {
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await AssertFailsFastAsync([], "status", "--gateway-port", port);
        await AssertFailsFastAsync([], "submit", TestData.CopySamples(), "--gateway-port", port);
    }

    [Fact]
    public async Task Status_in_the_Azure_profile_with_no_silo_in_the_membership_table_fails_fast()
    {
        await using var azurite = await AzuriteProcess.StartAsync(withTables: true);
        await AssertFailsFastAsync(
            new() { ["Kardiaflow__Profile"] = "Azure", ["ConnectionStrings__Storage"] = azurite.ConnectionString },
            "status");
    }

    private static async Task AssertFailsFastAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var (exit, output, error) = await KardiaflowProcess.RunAsync(environment, Within, arguments);
        clock.Stop();
        Assert.True(exit != 0, $"{arguments[0]}: exit {exit}\n{output}\n{error}");
        Assert.True(clock.Elapsed < Within, $"{arguments[0]} took {clock.Elapsed.TotalSeconds:F0} s");
        Assert.Contains("No Kardiaflow silo answers", error, StringComparison.Ordinal);
    }
}
