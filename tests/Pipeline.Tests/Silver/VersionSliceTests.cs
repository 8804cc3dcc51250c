using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Tests.Silver;

/// <summary>The keys, txns and cuts of a Bronze version consumed in slices (docs/adr/silver-version-slices.md).</summary>
public sealed class VersionSliceTests
{
    private const string App = "silver-feed:bronze/bronze_claims";

    [Fact]
    public void Keys_increase_strictly_across_batches_and_slices_and_only_the_last_slice_completes_its_version()
    {
        long[] keys =
        [
            SilverBatchKey.Whole(0), SilverBatchKey.Whole(4),
            SilverBatchKey.Slice(5, 0, 3), SilverBatchKey.Slice(5, 1, 3), SilverBatchKey.Slice(5, 2, 3),
            SilverBatchKey.Whole(6), SilverBatchKey.Slice(7, 0, 2), SilverBatchKey.Slice(7, 1, 2),
        ];
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(SilverBatchKey.Whole(5), SilverBatchKey.Slice(5, 2, 3));
        Assert.All(keys, k => Assert.True(k > 0));
        Assert.Equal([0L, 4, 5, 5, 5, 6, 7, 7], keys.Select(SilverBatchKey.BronzeVersion));
        Assert.Equal([true, true, false, false, true, true, false, true], keys.Select(SilverBatchKey.CompletesVersion));
    }

    [Fact]
    public void A_slice_commits_the_slice_txn_and_the_last_slice_the_feed_txn_with_the_Bronze_version()
    {
        Assert.Equal((App + SilverBatchKey.SliceSuffix, SilverBatchKey.Slice(5, 1, 3)), Pair(SilverBatchKey.Txn(App, SilverBatchKey.Slice(5, 1, 3))));
        Assert.Equal((App, 5L), Pair(SilverBatchKey.Txn(App, SilverBatchKey.Slice(5, 2, 3))));
        Assert.Equal((App, 9L), Pair(SilverBatchKey.Txn(App, SilverBatchKey.Whole(9))));
    }

    [Fact]
    public void Progress_inside_a_version_is_read_from_the_slice_txn_of_that_version_only()
    {
        // The feed consumed version 4 and two slices of version 5.
        var table = new Dictionary<string, long> { [App] = 4, [App + SilverBatchKey.SliceSuffix] = SilverBatchKey.Slice(5, 1, 4) };
        Assert.Equal(2, SilverBatchKey.SlicesCommitted(table, App, 5));
        Assert.True(SilverBatchKey.IsCommitted(table, App, SilverBatchKey.Slice(5, 0, 4)));
        Assert.True(SilverBatchKey.IsCommitted(table, App, SilverBatchKey.Slice(5, 1, 4)));
        Assert.False(SilverBatchKey.IsCommitted(table, App, SilverBatchKey.Slice(5, 2, 4)));
        Assert.False(SilverBatchKey.IsCommitted(table, App, SilverBatchKey.Whole(5)));
        Assert.True(SilverBatchKey.IsCommitted(table, App, SilverBatchKey.Whole(4)));

        // A slice txn left from an earlier version says nothing about the next one.
        var later = new Dictionary<string, long> { [App] = 5, [App + SilverBatchKey.SliceSuffix] = SilverBatchKey.Slice(5, 1, 4) };
        Assert.Equal(0, SilverBatchKey.SlicesCommitted(later, App, 6));
        Assert.False(SilverBatchKey.IsCommitted(later, App, SilverBatchKey.Slice(6, 0, 2)));
        Assert.True(SilverBatchKey.IsCommitted(later, App, SilverBatchKey.Slice(5, 3, 4)));
        Assert.Equal(0, SilverBatchKey.SlicesCommitted(new Dictionary<string, long>(), App, 0));
    }

    [Fact]
    public void A_version_is_cut_into_runs_of_whole_files_of_at_most_the_bound_and_a_larger_file_alone()
    {
        var files = new[] { 100L, 100, 100, 100, 250, 50, 700, 10 }.Select((rows, i) => File(i, rows)).ToList();
        Assert.Equal([3, 4, 6, 7, 8], VersionSlicePlan.Cut(files, 300));
        Assert.Equal([8], VersionSlicePlan.Cut(files, 10_000));
        Assert.Empty(VersionSlicePlan.Cut([], 300));
    }

    private static (string, long) Pair(Lakehouse.Log.TxnAction txn) => (txn.AppId, txn.Version);

    private static BronzeDataFile File(int i, long rows) =>
        new($"part-{i}.parquet", rows, new ArrivalOrder(1, "f.csv", i * 1000), new ArrivalOrder(1, "f.csv", (i * 1000) + rows - 1));
}
