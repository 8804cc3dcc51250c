using System.Globalization;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>
/// One standalone silo with the Orleans Dashboard on, its lake watch looking every half second, with the sample data
/// submitted through <c>kardiaflow submit --wait</c>, shared by the page tests (starting a silo costs seconds).
/// </summary>
public sealed class WebSiloFixture : IAsyncLifetime
{
    private StandaloneSilo? _silo;

    internal StandaloneSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public Uri BaseUri => new($"http://127.0.0.1:{Silo.WebPort}/");

    public string Lake => Silo.Lake;

    public async Task InitializeAsync()
    {
        var lake = TestData.NewFolder("web-lake");
        _silo = await StandaloneSilo.StartAsync(
            new Dictionary<string, string>
            {
                ["Kardiaflow__Lake__Root"] = lake,
                ["Kardiaflow__Web__DashboardEnabled"] = "true",
                ["Kardiaflow__Web__RefreshInterval"] = "00:00:00.500",
            },
            AppContext.BaseDirectory, TimeSpan.FromMinutes(2), lake);
        await SubmitAsync(TestData.CopySamples());
    }

    public async Task SubmitAsync(string input)
    {
        var (exit, output, error) = await KardiaflowProcess.RunAsync(
            TimeSpan.FromMinutes(4), "submit", input, "--wait", "--gateway-port", Silo.GatewayPort.ToString(CultureInfo.InvariantCulture));
        Assert.True(exit == 0, $"submit exited {exit}\n{output}\n{error}\nsilo:\n{Silo.Output}");
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        return Task.CompletedTask;
    }
}
