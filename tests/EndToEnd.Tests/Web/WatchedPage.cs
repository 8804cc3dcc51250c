using System.Collections.Concurrent;
using PuppeteerSharp;

namespace Kardiaflow.EndToEnd.Tests.Web;

/// <summary>A browser tab and what went wrong in it: console errors, uncaught exceptions, responses with status ≥ 400.</summary>
internal sealed class WatchedPage
{
    private readonly ConcurrentQueue<string> _problems = new();

    public WatchedPage(IPage page)
    {
        Page = page;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                _problems.Enqueue($"console error: {e.Message.Text} ({e.Message.Location?.URL})");
            }
        };
        page.PageError += (_, e) => _problems.Enqueue($"uncaught: {e.Message}");
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                _problems.Enqueue($"HTTP {(int)e.Response.Status} for {e.Response.Url}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Problems => _problems.ToArray();

    public async Task ScreenshotAsync(string name)
    {
        var file = Path.Combine(HeadlessChromium.ArtifactsFolder, name + ".png");
        await Page.ScreenshotAsync(file, new ScreenshotOptions { FullPage = false });
    }
}
