namespace Kardiaflow.Grains.Silver;

/// <summary>Grain calls over many keys, a bounded number in flight, results in input order.</summary>
public static class Fanout
{
    public const int MaxInFlight = 64;

    public static async Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(call);
        var results = new List<TResult>(items.Count);
        for (var start = 0; start < items.Count; start += MaxInFlight)
        {
            var chunk = items.Skip(start).Take(MaxInFlight).Select(call).ToList();
            results.AddRange(await Task.WhenAll(chunk));
        }

        return results;
    }
}
