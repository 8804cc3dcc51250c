using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Silo.Web.Lake;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// The three KPI pages' data: each page is built from the lake when the versions of the tables it reads changed (its
/// token), and served from a cache otherwise, so a page open in many browsers reads the lake once per change.
/// </summary>
public sealed class KpiPages(ILakeStorage storage, LakeWatch watch, TimeProvider time) : IDisposable
{
    public const string Claims = "claims";
    public const string Experience = "experience";
    public const string Quality = "quality";

    public static IReadOnlyList<string> Names { get; } = [Claims, Experience, Quality];

    private readonly ConcurrentDictionary<string, KpiPage> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _build = new(1, 1);

    /// <summary>Each page's token for a lake status: a digest of the versions of the tables the page reads.</summary>
    public static IReadOnlyDictionary<string, string> Tokens(LakeStatus status) =>
        Names.ToDictionary(p => p, p => Token(p, status), StringComparer.Ordinal);

    public static string Token(string page, LakeStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var versions = string.Join(',', WatchedTables.All.Where(t => Reads(page, t))
            .Select(t => status.Tables.TryGetValue(t.Path, out var s) ? s.Version : -1));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(page + ":" + versions)))[..16];
    }

    public async Task<KpiPage> GetAsync(string page, CancellationToken cancellationToken)
    {
        var status = await watch.GetAsync(cancellationToken);
        var token = Token(page, status);
        if (_cache.TryGetValue(page, out var cached) && cached.Token == token)
        {
            return cached;
        }

        // One build at a time: a change seen by every open page would otherwise read the same tables once per browser.
        await _build.WaitAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue(page, out cached) && cached.Token == token)
            {
                return cached;
            }

            var (charts, tables) = page switch
            {
                Claims => await ClaimsPage.BuildAsync(storage, cancellationToken),
                Experience => await ExperiencePage.BuildAsync(storage, cancellationToken),
                Quality => await QualityPage.BuildAsync(storage, status, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(page), page, "Not a KPI page."),
            };
            var built = new KpiPage(page, token, time.GetUtcNow(), status.LastCommit(WatchedTables.Gold), charts, tables);
            _cache[page] = built;
            return built;
        }
        finally
        {
            _build.Release();
        }
    }

    public void Dispose() => _build.Dispose();

    private static bool Reads(string page, WatchedTable table) => page switch
    {
        Claims => table.Layer == WatchedTables.Gold || table.Path == Pipeline.Gold.GoldInputs.Claims,
        Experience => table.Layer == WatchedTables.Gold || table.Path == Pipeline.Gold.GoldInputs.FeedbackEnriched,
        Quality => table.Layer is WatchedTables.Bronze or WatchedTables.Quarantine or WatchedTables.Validation
            || WatchedTables.Feeds.Any(f => f.SilverTable == table.Path),
        _ => false,
    };
}
