using Kardiaflow.Grains.Abstractions.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Issue 16: <c>Kardiaflow:Gold:Buckets</c> routes every grouping key to the aggregator holding its aggregates, so a
/// lake's Gold cannot go on under another count: the update is refused with the setting and both values named, and Gold
/// goes on correctly once the setting is back.
/// </summary>
public sealed class GoldBucketsTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Another_bucket_count_on_an_existing_lake_is_refused_naming_the_setting_and_both_values()
    {
        var lake = TestData.NewFolder("lake-buckets");
        var first = SilverModel.First(seed: 31);
        var second = first.Next(seed: 32);
        var silver = new SilverLake(lake);
        await using (var cluster = await StartAsync(lake, buckets: 4))
        {
            await silver.WriteAsync(first, null);
            await cluster.Client.GetGrain<IGoldGrain>("gold").UpdateAsync();
        }

        await silver.WriteAsync(second, first);
        await using (var cluster = await StartAsync(lake, buckets: 8))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<IGoldGrain>("gold").UpdateAsync());
            Assert.Contains("Kardiaflow:Gold:Buckets is 8", refused.Message, StringComparison.Ordinal);
            Assert.Contains("built with 4", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message.Trim());
        }

        await using (var cluster = await StartAsync(lake, buckets: 4))
        {
            var result = await cluster.Client.GetGrain<IGoldGrain>("gold").UpdateAsync();
            Assert.Equal(2, result.Epoch);
            await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));
        }
    }

    private static Task<KardiaflowTestCluster> StartAsync(string lake, int buckets) =>
        KardiaflowTestCluster.StartAsync(1, new Dictionary<string, string?>
        {
            ["Kardiaflow:Lake:Root"] = lake,
            ["Kardiaflow:Gold:Buckets"] = buckets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kardiaflow:Gold:UpdateInterval"] = "00:00:00",
        });
}
