namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// Waits until every Silver feed has consumed the given Bronze versions, re-triggering the feeds on every poll (so a
/// feed whose silo died is re-activated elsewhere and catches up from its txn cursor). A feed that keeps failing
/// (<see cref="SilverFeedHealth"/>) ends the wait with <see cref="SilverFeedFailingException"/> instead of a wait until
/// the timeout.
/// </summary>
public static class SilverFeedWaiter
{
    public static async Task<IReadOnlyList<SilverFeedStatus>> WaitAsync(
        IGrainFactory grains, IReadOnlyDictionary<string, long> bronzeVersions, TimeSpan timeout, CancellationToken cancellationToken,
        Action<IReadOnlyList<SilverFeedStatus>>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(bronzeVersions);
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<SilverFeedStatus> statuses = [];
        var health = new SilverFeedHealth();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                statuses = await Task.WhenAll(bronzeVersions.Keys.Select(t => grains.GetGrain<ISilverFeedGrain>(t).CatchUpAsync()));
                onProgress?.Invoke(statuses);
                if (statuses.All(s => s.ConsumedVersion >= bronzeVersions[s.BronzeTable]))
                {
                    return statuses;
                }

                var failing = health.Failing(statuses.Where(s => s.ConsumedVersion < bronzeVersions[s.BronzeTable]));
                if (failing.Count > 0)
                {
                    throw new SilverFeedFailingException(failing, statuses);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not SilverFeedFailingException && DateTime.UtcNow < deadline)
            {
                // A silo is being declared dead: the feed comes back on another one at the next poll.
            }

            if (DateTime.UtcNow > deadline)
            {
                var behind = statuses.Where(s => s.ConsumedVersion < bronzeVersions.GetValueOrDefault(s.BronzeTable))
                    .Select(s => $"{s.BronzeTable} at {s.ConsumedVersion} of {bronzeVersions[s.BronzeTable]}{(s.LastError is null ? "" : $" ({s.LastError})")}");
                throw new TimeoutException($"Silver did not catch up within {timeout}: {string.Join("; ", behind)}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
