using PuppeteerSharp;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>
/// The Debian <c>chromium</c> (or <c>$KARDIAFLOW_CHROMIUM</c>), headless, driven by PuppeteerSharp over the DevTools
/// protocol: a fresh profile folder per instance, a 1366×768 viewport, no network other than the pages' own.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly string _profile;

    private HeadlessChromium(IBrowser browser, string profile)
    {
        Browser = browser;
        _profile = profile;
    }

    public IBrowser Browser { get; }

    /// <summary>Where the tests keep their screenshots: <c>TestResults/web</c> under the repository (CI keeps that folder).</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("KARDIAFLOW_TEST_ARTIFACTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(TestData.RepositoryRoot, "TestResults", "web");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("KARDIAFLOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"{executable} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; scripts/test.sh installs it).");
        }

        var profile = TestData.NewFolder("chromium-profile");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            UserDataDir = profile,
            Args = Flags,
            DefaultViewport = new ViewPortOptions { Width = 1366, Height = 768 },
            Timeout = 60_000,
        });
        return new HeadlessChromium(browser, profile);
    }

    /// <summary>A new tab that records console errors, uncaught exceptions and failed responses in <see cref="WatchedPage.Problems"/>.</summary>
    public async Task<WatchedPage> OpenAsync(Uri url)
    {
        var page = await Browser.NewPageAsync();
        var watched = new WatchedPage(page);
        await page.GoToAsync(url.ToString(), new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        return watched;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        Browser.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may still hold a file for a moment; the folder is under the temp folder.
        }
    }
}
