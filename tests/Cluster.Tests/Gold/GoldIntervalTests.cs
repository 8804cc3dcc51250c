using Kardiaflow.Cluster.Tests.Silver;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Streamed arrivals: records committed to Bronze through the normal path reach Gold on its update interval, without
/// anyone calling <see cref="IGoldGrain.UpdateAsync"/>, and Gold still equals its recomputation from Silver.
/// </summary>
public sealed class GoldIntervalTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Gold_follows_Silver_on_its_interval_without_an_explicit_update()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(
            1, new Dictionary<string, string?> { [$"{Grains.Gold.GoldOptions.SectionName}:UpdateInterval"] = Interval.ToString() });
        var gold = cluster.Client.GetGrain<IGoldGrain>(IGoldGrain.Key);
        var silver = new SilverLake(cluster.Lake);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var epoch = 0L;
        foreach (var submission in new[] { "sub1", "sub2" })
        {
            // The ingestion job and the Silver feeds only: nothing here calls the Gold update.
            await SilverRun.SubmitAndWaitAsync(cluster, $"interval-{submission}", SilverRun.CopySubmission(submission));
            var silverVersions = await SilverVersionsAsync(silver.Storage);

            var followed = await FollowedAsync(gold, silverVersions, TimeSpan.FromSeconds(45));
            Assert.True(followed.Epoch > epoch, $"Gold did not commit a new epoch after {submission}");
            epoch = followed.Epoch;
            await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, today));
        }
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:30", true)]
    [InlineData("-00:00:01", false)]
    [InlineData("2.00:00:00", false)]
    public void The_interval_is_validated(string interval, bool valid)
    {
        var options = new Grains.Gold.GoldOptions { UpdateInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true));
    }

    private static async Task<Dictionary<string, long>> SilverVersionsAsync(ILakeStorage storage)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in GoldInputs.All)
        {
            if (await SilverChangeReader.CurrentVersionAsync(storage, table, CancellationToken.None) is { } version)
            {
                versions[table] = version;
            }
        }

        Assert.NotEmpty(versions);
        return versions;
    }

    /// <summary>Polls Gold's status (a read, never an update) until it has consumed every given Silver version.</summary>
    private static async Task<GoldUpdateResult> FollowedAsync(IGoldGrain gold, Dictionary<string, long> silverVersions, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await gold.GetStatusAsync();
            if (silverVersions.All(v => status.SilverVersions.GetValueOrDefault(v.Key, -1) >= v.Value))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Gold did not follow Silver within {timeout} (interval {Interval}): at epoch {status.Epoch}");
            await Task.Delay(200);
        }
    }
}
