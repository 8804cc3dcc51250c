using System.Net;
using System.Net.Sockets;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary>The built console and silo behave as people expect a command-line tool to.</summary>
public sealed class ConsoleBehaviourTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string SiloDll => Path.Combine(AppContext.BaseDirectory, "Kardiaflow.Silo.dll");

    [Fact]
    public async Task Bare_kardiaflow_and_help_print_usage_with_the_datasets()
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout);
        Assert.True(exit == 0, error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("encounters", output, StringComparison.Ordinal);

        var (helpExit, helpOutput, helpError) = await KardiaflowProcess.RunAsync(Timeout, "help", "lake", "read");
        Assert.True(helpExit == 0, helpError);
        Assert.Contains("kardiaflow lake read <TABLE_DIR>", helpOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_table_is_bad_usage_like_a_folder_that_is_not_a_lake()
    {
        var empty = TestData.NewFolder("not-a-table");
        var (readExit, _, readError) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", empty);
        var (checksExit, _, _) = await KardiaflowProcess.RunAsync(Timeout, "checks", "--lake", Path.Combine(empty, "missing"));
        Assert.Equal(2, readExit);
        Assert.Equal(2, checksExit);
        Assert.Single(readError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Reading_a_table_as_of_a_time_before_it_existed_is_an_error()
    {
        var table = Path.Combine(TestData.RepositoryRoot, "tests", "fixtures", "delta", "delta-rs", "simple_table");
        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "lake", "read", table, "--timestamp", "1990-01-01T00:00:00Z");
        Assert.Equal(1, exit);
        Assert.Empty(output.Trim());
        Assert.Contains("did not exist at 1990-01-01T00:00:00Z", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silo_help_lists_its_settings_instead_of_starting()
    {
        using var silo = KardiaflowProcess.StartDll(SiloDll, new Dictionary<string, string>(), "--help");
        var exit = await silo.WaitForExitAsync(Timeout);
        Assert.Equal(0, exit);
        Assert.Contains("Kardiaflow:Lake:Root", silo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Kardiaflow:Silver:MaxRowsPerBatch", silo.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_port_in_use_is_one_line_naming_the_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var silo = KardiaflowProcess.StartDll(SiloDll, new Dictionary<string, string>
        {
            ["Kardiaflow__Web__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kardiaflow__Lake__Root"] = TestData.NewFolder("busy-lake"),
        });
        var exit = await silo.WaitForExitAsync(Timeout);
        Assert.Equal(1, exit);
        var line = Assert.Single(silo.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port} (Kardiaflow:Web:Port) is already in use", line, StringComparison.Ordinal);
    }
}
