using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Lakehouse.Reading;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Gold through the real grains over real Silver Delta tables with change data feed: after every submission each Gold
/// table equals its LINQ recomputation from Silver, including when a silo dies while the aggregators update.
/// </summary>
public sealed class GoldClusterTests
{
    /// <summary>These tests call the Gold update themselves and count its epochs: the interval update is off.</summary>
    private static readonly Dictionary<string, string?> ExplicitUpdatesOnly = new() { ["Kardiaflow:Gold:UpdateInterval"] = "00:00:00" };

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Every_Gold_table_equals_its_recomputation_after_each_submission()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(2, ExplicitUpdatesOnly);
        var silver = new SilverLake(cluster.Lake);
        var gold = cluster.Client.GetGrain<IGoldGrain>("gold");
        SilverModel? previous = null;
        var model = SilverModel.First(seed: 7);
        for (var submission = 1; submission <= 4; submission++)
        {
            await silver.WriteAsync(model, previous);
            var result = await gold.UpdateAsync();
            Assert.Equal(submission, result.Epoch);
            Assert.True(result.FactsRead > 0);
            var expected = await GoldRecomputation.ComputeAsync(silver, Today);
            // The data exercises every table: none of the comparisons is vacuous.
            Assert.All(GoldTables.All, t => Assert.NotEmpty(expected[t.Name]));
            await GoldAssert.EqualAsync(silver.Storage, expected);
            (previous, model) = (model, model.Next(seed: 100 + submission));
        }

        // Nothing new in Silver: no epoch, no Gold commit.
        var versions = await GoldVersionsAsync(silver);
        var again = await gold.UpdateAsync();
        Assert.Equal(4, again.Epoch);
        Assert.Equal(versions, await GoldVersionsAsync(silver));
    }

    [Fact]
    public async Task An_update_larger_than_an_epoch_runs_several_epochs_and_Gold_still_equals_its_recomputation()
    {
        // Five change rows per epoch: every Silver commit of the model is an epoch of its own (or shares one with empties).
        var settings = new Dictionary<string, string?>(ExplicitUpdatesOnly) { ["Kardiaflow:Gold:MaxChangesPerEpoch"] = "5" };
        await using var cluster = await KardiaflowTestCluster.StartAsync(1, settings);
        var silver = new SilverLake(cluster.Lake);
        var gold = cluster.Client.GetGrain<IGoldGrain>("gold");
        SilverModel? previous = null;
        var model = SilverModel.First(seed: 23);
        long epoch = 0;
        for (var submission = 1; submission <= 2; submission++)
        {
            await silver.WriteAsync(model, previous);
            var result = await gold.UpdateAsync();
            Assert.True(result.Epoch > epoch + 1, $"update {submission} ran epochs {epoch + 1} to {result.Epoch}: one epoch only");
            epoch = result.Epoch;
            Assert.All(await SilverVersionsAsync(silver), v => Assert.Equal(v.Value, result.SilverVersions[v.Key]));
            await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));
            (previous, model) = (model, model.Next(seed: 200 + submission));
        }
    }

    [Fact]
    public async Task A_Gold_commit_touches_only_the_keys_that_changed()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1, ExplicitUpdatesOnly);
        var silver = new SilverLake(cluster.Lake);
        var gold = cluster.Client.GetGrain<IGoldGrain>("gold");
        var model = SilverModel.First(seed: 11);
        await silver.WriteAsync(model, null);
        await gold.UpdateAsync();
        var before = await silver.Storage.ReadVersionAsync(GoldTables.RapidFireClaims.Path);

        // One more claim for the rapid-fire patient on its day: only that (patient, day) row of the rapid-fire table moves.
        var next = SilverModelEdits.WithClaim(model, new TestClaim("RF-extra", "PAT-RF", "PR1", 10, new DateOnly(2024, 3, 5), "D1", "P20", "Approved"));
        await silver.WriteAsync(next, model);
        await gold.UpdateAsync();
        var changes = await TableChanges.ReadAsync(silver.Storage, GoldTables.RapidFireClaims.Path, before + 1, null, CancellationToken.None);
        var touched = new List<object?[]>();
        await foreach (var row in changes.Rows)
        {
            touched.Add(row);
        }

        Assert.NotEmpty(touched);
        Assert.All(touched, r => Assert.Equal("PAT-RF", r[0]));
        Assert.Contains(touched, r => (string?)r[3] == "update_postimage" && (long)r[2]! == 8);
        await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));
    }

    [Fact]
    public async Task Killing_a_silo_while_aggregators_update_leaves_Gold_equal_to_the_recomputation()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(3, ExplicitUpdatesOnly);
        var silver = new SilverLake(cluster.Lake);
        var gold = cluster.Client.GetGrain<IGoldGrain>("gold");
        var first = SilverModel.First(seed: 21);
        await silver.WriteAsync(first, null);
        await gold.UpdateAsync();
        var second = first.Next(seed: 22);
        await silver.WriteAsync(second, first);

        var update = gold.UpdateAsync();
        await Task.Delay(150);
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[^1]);
        try
        {
            // A client is not told that the silo holding its call died (the call is forwarded by a gateway silo), so
            // an update caught by the kill would wait out its 15-minute response timeout: give it a bounded wait.
            await update.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception)
        {
            // The coordinator or an aggregator was on the dead silo: the epoch stays pending and is replayed below.
        }

        var deadline = DateTime.UtcNow.AddSeconds(90);
        GoldUpdateResult? result = null;
        while (result is null)
        {
            try
            {
                result = await gold.UpdateAsync();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }

        Assert.Equal(2, result.Epoch);
        await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));
    }

    [Fact]
    public async Task On_the_sample_data_every_Gold_table_equals_its_recomputation_and_the_checks_pass()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1, ExplicitUpdatesOnly);
        await Silver.SilverRun.SubmitAndWaitAsync(cluster, "gold-sample", TestData.CopySamples());
        var result = await cluster.Client.GetGrain<IGoldGrain>("gold").UpdateAsync();
        Assert.Equal(1, result.Epoch);
        var silver = new SilverLake(cluster.Lake);
        await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));

        var run = await cluster.Client.GetGrain<Grains.Abstractions.Validation.IValidationGrain>(0).RunAsync();
        Assert.True(run.Passed, string.Join("; ", run.Results.Where(r => r.Status != "PASS").Select(r => $"{r.TableName} {r.Metric}={r.Value} {r.Status} {r.Message}")));
    }

    /// <summary>The current version of each Silver table Gold follows.</summary>
    private static async Task<Dictionary<string, long>> SilverVersionsAsync(SilverLake silver)
    {
        var versions = new Dictionary<string, long>();
        foreach (var table in Kardiaflow.Pipeline.Gold.GoldInputs.All)
        {
            versions[table] = await silver.Storage.ReadVersionAsync(table);
        }

        return versions;
    }

    private static async Task<long[]> GoldVersionsAsync(SilverLake silver)
    {
        var versions = new List<long>();
        foreach (var table in GoldTables.All)
        {
            versions.Add(await silver.Storage.ReadVersionAsync(table.Path));
        }

        return [.. versions];
    }
}
