using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Grains.Validation;

/// <summary>
/// Gathers what the freshness checks compare once the run has settled. Silver: the Bronze versions now (from the lake),
/// waited for until every feed consumed them or one keeps failing (<see cref="SilverFeedHealth"/>). Gold: the Silver
/// versions now (from the lake) against what Gold consumed (its status; the Gold tables' txn carries only the epoch);
/// when they differ, one Gold update, which reads Silver after these versions were taken, so arrivals still streaming
/// in do not make Gold look behind, while a Gold that cannot follow (its update fails, or its cursor is past a table
/// replaced underneath it) still shows.
/// </summary>
internal static class PipelineSettle
{
    /// <summary>
    /// How long the checks wait for Silver to consume the Bronze versions they found. The console has already waited for
    /// Silver before it asks for the checks; this covers what streamed in since. A feed still behind then FAILs.
    /// </summary>
    private static readonly TimeSpan SilverWait = TimeSpan.FromSeconds(30);

    public static async Task<PipelineProgress> GatherAsync(IGrainFactory grains, ILakeStorage storage, CancellationToken cancellationToken)
    {
        var bronze = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in DatasetCatalog.BronzeTablePaths)
        {
            bronze[table] = await SilverChangeReader.CurrentVersionAsync(storage, table, cancellationToken) ?? -1;
        }

        IReadOnlyList<SilverFeedStatus> statuses;
        try
        {
            statuses = await SilverFeedWaiter.WaitAsync(grains, bronze.Where(b => b.Value >= 0).ToDictionary(), SilverWait, cancellationToken);
        }
        catch (SilverFeedFailingException e)
        {
            statuses = e.All;
        }
        catch (TimeoutException)
        {
            statuses = [];
        }

        var feeds = new List<FeedProgress>();
        foreach (var dataset in DatasetCatalog.All)
        {
            var status = statuses.FirstOrDefault(s => s.BronzeTable == dataset.BronzeTablePath)
                ?? await grains.GetGrain<ISilverFeedGrain>(dataset.BronzeTablePath).GetStatusAsync();
            feeds.Add(new FeedProgress(dataset.BronzeTablePath, dataset.Silver.Table, bronze[dataset.BronzeTablePath], status.ConsumedVersion,
                SilverFeedHealth.ErrorType(status), status.FailedAttempts));
        }

        var silver = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in GoldInputs.All)
        {
            if (await SilverChangeReader.CurrentVersionAsync(storage, table, cancellationToken) is { } version)
            {
                silver[table] = version;
            }
        }

        var goldGrain = grains.GetGrain<IGoldGrain>(IGoldGrain.Key);
        var gold = await goldGrain.GetStatusAsync();
        string? goldError = null;
        if (silver.Any(s => gold.SilverVersions.GetValueOrDefault(s.Key, -1) != s.Value))
        {
            try
            {
                gold = await goldGrain.UpdateAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Reported by the Gold freshness check (type only: an exception text may carry a value).
                goldError = e.GetType().Name;
            }
        }

        return new PipelineProgress(feeds, silver, gold.SilverVersions, goldError);
    }
}
