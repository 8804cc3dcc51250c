using System.Text;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Pipeline.Gold;

namespace Kardiaflow.Cluster.Tests.Gold;

/// <summary>
/// Gold epochs in proportion to the change (docs/adr/gold-proportional-epochs.md): an epoch of one claim rewrites one
/// page file of each table whose rows it changes, leaves the other tables without a commit, and Gold still equals its
/// recomputation.
/// </summary>
public sealed class GoldPagesClusterTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task An_epoch_of_one_claim_rewrites_one_page_of_the_tables_it_changes_and_nothing_else()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(2, new Dictionary<string, string?>
        {
            ["Kardiaflow:Gold:UpdateInterval"] = "00:00:00", ["Kardiaflow:Gold:Buckets"] = "2", ["Kardiaflow:Gold:Pages"] = "8",
        });
        var silver = new SilverLake(cluster.Lake);
        var gold = cluster.Client.GetGrain<IGoldGrain>("gold");
        var model = SilverModel.First(seed: 11);
        await silver.WriteAsync(model, null);
        await gold.UpdateAsync();
        var before = await VersionsAsync(silver);
        var filesBefore = await ActiveFilesAsync(silver, GoldTables.ProviderDailySpend);
        Assert.True(filesBefore > 2, $"gold_provider_daily_spend has {filesBefore} files: too few pages to show anything");

        var next = SilverModelEdits.WithClaim(model, new TestClaim("RF-extra", "PAT-RF", "PR1", 10, new DateOnly(2024, 3, 5), "D1", "P20", "Approved"));
        await silver.WriteAsync(next, model);
        await gold.UpdateAsync();
        var after = await VersionsAsync(silver);

        // Encounters did not move: the lifecycle table has no new commit at all.
        Assert.Equal(before[GoldTables.PatientLifecycle.Name], after[GoldTables.PatientLifecycle.Name]);
        foreach (var table in new[] { GoldTables.RapidFireClaims, GoldTables.ProviderDailySpend, GoldTables.Provider7dSpend })
        {
            Assert.Equal(before[table.Name] + 1, after[table.Name]);
            var (adds, removes, cdc) = await ActionsAsync(silver, table, after[table.Name]);
            Assert.True(removes == 1 && adds == 1, $"{table.Name}: epoch of one claim removed {removes} and added {adds} files");
            Assert.Equal(1, cdc);
        }

        Assert.Equal(filesBefore, await ActiveFilesAsync(silver, GoldTables.ProviderDailySpend));
        await GoldAssert.EqualAsync(silver.Storage, await GoldRecomputation.ComputeAsync(silver, Today));
    }

    private static async Task<Dictionary<string, long>> VersionsAsync(SilverLake silver)
    {
        var versions = new Dictionary<string, long>();
        foreach (var table in GoldTables.All)
        {
            versions[table.Name] = await silver.Storage.ReadVersionAsync(table.Path);
        }

        return versions;
    }

    private static async Task<int> ActiveFilesAsync(SilverLake silver, GoldTable table) =>
        (await Kardiaflow.Lakehouse.Snapshots.Snapshot.LoadAsync(silver.Storage, table.Path, null, CancellationToken.None)).Files.Count;

    private static async Task<(int Adds, int Removes, int Cdc)> ActionsAsync(SilverLake silver, GoldTable table, long version)
    {
        var bytes = await silver.Storage.ReadAllBytesAsync($"{table.Path}/_delta_log/{version:D20}.json", CancellationToken.None);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines.Count(l => l.StartsWith("{\"add\"", StringComparison.Ordinal)), lines.Count(l => l.StartsWith("{\"remove\"", StringComparison.Ordinal)),
            lines.Count(l => l.StartsWith("{\"cdc\"", StringComparison.Ordinal)));
    }
}
