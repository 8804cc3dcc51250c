using Kardiaflow.Cluster.Tests.Silver;
using Kardiaflow.Grains.Abstractions.Gold;
using Kardiaflow.Grains.Abstractions.Validation;

namespace Kardiaflow.Cluster.Tests.Arrivals;

/// <summary>
/// Batch = stream (docs/architecture.md, Invariants): the sample records delivered as events (over four partitions, keyed by record key,
/// in micro-batches) give the same Silver and Gold tables as the same records submitted as files, audit columns aside;
/// so does a mixed run. Two-silo clusters, real grains and tables; the events enter through the arrivals grains.
/// </summary>
public sealed class BatchEqualsStreamTests
{
    private static readonly Lazy<Task<SortedDictionary<string, List<string>>>> FromFiles = new(() => RunAsync(filesFor: null));

    [Fact]
    public async Task The_sample_streamed_as_events_gives_the_Silver_and_Gold_of_the_sample_as_files()
    {
        var expected = await FromFiles.Value;
        var actual = await RunAsync(filesFor: []);
        LakeComparison.AssertEqual(expected, actual);
    }

    [Fact]
    public async Task Some_datasets_as_files_and_the_others_as_events_give_the_same_Silver_and_Gold()
    {
        var expected = await FromFiles.Value;
        var actual = await RunAsync(filesFor: ["patients", "claims"]);
        LakeComparison.AssertEqual(expected, actual);
    }

    /// <summary>One run; <paramref name="filesFor"/> null: every dataset as files; otherwise those as files, the rest as events.</summary>
    private static async Task<SortedDictionary<string, List<string>>> RunAsync(string[]? filesFor)
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(2);
        var samples = TestData.CopySamples();
        var files = TestData.NewFolder("as-files");
        var events = TestData.NewFolder("as-events");
        foreach (var dataset in Directory.EnumerateDirectories(samples).Select(Path.GetFileName))
        {
            var asFile = filesFor is null || filesFor.Contains(dataset);
            Directory.Move(Path.Combine(samples, dataset!), Path.Combine(asFile ? files : events, dataset!));
        }

        if (Directory.EnumerateDirectories(files).Any())
        {
            await SilverRun.SubmitAndWaitAsync(cluster, "files", files);
        }

        if (Directory.EnumerateDirectories(events).Any())
        {
            var byPartition = await ArrivalEvents.FromFolderAsync(events, partitions: 4);
            await ArrivalEvents.DeliverAsync(cluster.Client, "arrivals", byPartition, batch: 250);
        }

        await SilverRun.WaitForSilverAsync(cluster);
        await cluster.Client.GetGrain<IGoldGrain>(IGoldGrain.Key).UpdateAsync();
        var checks = await cluster.Client.GetGrain<IValidationGrain>(0).RunAsync();
        Assert.True(checks.Passed, string.Join("; ", checks.Results.Where(r => r.Status != "PASS").Select(r => $"{r.TableName}.{r.Metric}={r.Value} {r.Message}")));
        return await LakeComparison.SilverAndGoldAsync(cluster.Lake);
    }
}
