using System.Globalization;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// docs/data-contract.md (Checks) freshness checks, once the run settled: "Silver has consumed every Bronze version"
/// (SILVER <c>bronze_versions_unconsumed</c> per feed) and "Gold has consumed every Silver version" (GOLD
/// <c>silver_versions_unconsumed</c> per Silver table Gold follows). A feed that fails every batch, or a Gold whose cursor
/// no longer matches its input (a table replaced underneath it), FAILs here instead of leaving Silver or Gold stale
/// without a word.
/// </summary>
public static class FreshnessChecks
{
    public const string SilverMetric = "bronze_versions_unconsumed";

    public const string GoldMetric = "silver_versions_unconsumed";

    public static IEnumerable<DataCheck> All(ILakeStorage storage, PipelineProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        foreach (var feed in progress.Feeds)
        {
            yield return new DataCheck(SilverChecks.Layer, feed.SilverTable, SilverMetric, _ => Task.FromResult<IReadOnlyList<CheckResult>>([Silver(feed)]));
        }

        foreach (var table in GoldInputs.All)
        {
            yield return new DataCheck(GoldChecks.Layer, Name(table), GoldMetric, ct => GoldAsync(storage, progress, table, ct));
        }
    }

    private static CheckResult Silver(FeedProgress feed)
    {
        if (feed.BronzeVersion < 0)
        {
            return CheckResult.Of(SilverChecks.Layer, feed.SilverTable, SilverMetric, 0, true, BronzeChecks.NoInputYet);
        }

        var behind = Math.Max(0, feed.BronzeVersion - feed.ConsumedVersion);
        var failing = feed.ErrorType is null ? "" : $"; its latest attempt failed: {feed.ErrorType}, {feed.FailedAttempts} failed attempts";
        return CheckResult.Of(SilverChecks.Layer, feed.SilverTable, SilverMetric, behind, behind == 0, behind == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"the Silver feed of {feed.BronzeTable} consumed Bronze up to version {feed.ConsumedVersion} of {feed.BronzeVersion}{failing}"));
    }

    private static async Task<IReadOnlyList<CheckResult>> GoldAsync(ILakeStorage storage, PipelineProgress progress, string table, CancellationToken cancellationToken)
    {
        var name = Name(table);
        var consumed = progress.GoldConsumed.TryGetValue(table, out var c) ? c : -1;
        var now = await SilverChangeReader.CurrentVersionAsync(storage, table, cancellationToken).ConfigureAwait(false);
        if (!progress.SilverVersions.TryGetValue(table, out var before) || now is null)
        {
            // No Silver table yet: nothing for Gold to consume.
            return [CheckResult.Of(GoldChecks.Layer, name, GoldMetric, 0, consumed < 0, consumed < 0 ? BronzeChecks.NoInputYet
                : string.Create(CultureInfo.InvariantCulture, $"Gold consumed {name} up to version {consumed}, but the table is gone: it was deleted underneath Gold"))];
        }

        var error = progress.GoldError is null ? "" : $"; Gold's update failed: {progress.GoldError}";
        if (consumed > now)
        {
            return [CheckResult.Of(GoldChecks.Layer, name, GoldMetric, now.Value - consumed, false, string.Create(CultureInfo.InvariantCulture,
                $"Gold consumed {name} up to version {consumed}, past the table's version {now}: the table was replaced underneath Gold (a rebuild while a silo ran?){error}"))];
        }

        var behind = Math.Max(0, before - consumed);
        return [CheckResult.Of(GoldChecks.Layer, name, GoldMetric, behind, behind == 0, behind == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"Gold consumed {name} up to version {consumed} of {before}{error}"))];
    }

    private static string Name(string tablePath) => tablePath[(tablePath.LastIndexOf('/') + 1)..];
}
