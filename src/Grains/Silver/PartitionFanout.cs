using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Grains.Silver;

/// <summary>
/// Calls to the entity partition grains: items are grouped by the partition of their entity id, each partition gets
/// its items in one call, and all partitions are called at once (at most <see cref="EntityPartitions.Count"/> calls).
/// </summary>
public static class PartitionFanout
{
    /// <summary>One call per partition that has items; the partitions' results, in partition order.</summary>
    public static async Task<IReadOnlyList<TResult>> PerPartitionAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, string> entityIdOf, Func<int, IReadOnlyList<TItem>, Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(entityIdOf);
        ArgumentNullException.ThrowIfNull(call);
        var groups = items.GroupBy(i => EntityPartitions.Of(entityIdOf(i))).OrderBy(g => g.Key).ToList();
        return await Task.WhenAll(groups.Select(g => call(g.Key, g.ToList())));
    }

    /// <summary>One call per partition; the result of every item, in the items' order (a call returns one per item it got).</summary>
    public static async Task<IReadOnlyList<TResult>> PerItemAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, string> entityIdOf, Func<int, IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> call)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(entityIdOf);
        ArgumentNullException.ThrowIfNull(call);
        var positions = Enumerable.Range(0, items.Count).ToList();
        var answers = await PerPartitionAsync(positions, p => entityIdOf(items[p]), async (partition, mine) =>
        {
            var results = await call(partition, mine.Select(p => items[p]).ToList());
            if (results.Count != mine.Count)
            {
                throw new InvalidOperationException($"Entity partition {partition} answered {results.Count} results for {mine.Count} items.");
            }

            return (Positions: mine, Results: results);
        });
        var ordered = new TResult[items.Count];
        foreach (var (mine, results) in answers)
        {
            for (var i = 0; i < mine.Count; i++)
            {
                ordered[mine[i]] = results[i];
            }
        }

        return ordered;
    }
}
