using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Silver;
using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Tests.Shared;

namespace Kardiaflow.Cluster.Tests.Silver;

/// <summary>Submits a folder to a test cluster and waits until Bronze and every Silver feed are done.</summary>
internal static class SilverRun
{
    public static async Task<IReadOnlyList<SilverFeedStatus>> SubmitAndWaitAsync(KardiaflowTestCluster cluster, string jobId, string input)
    {
        var job = cluster.Client.GetGrain<IIngestionJobGrain>(jobId);
        await job.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));
        Assert.True(done.Succeeded, string.Join("; ", done.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}")));
        var statuses = await WaitForSilverAsync(cluster);
        // Nothing fails in a run without faults: a feed that only got there by retrying has a bug the retry hid.
        Assert.All(statuses, s => Assert.True(s.FailedAttempts == 0, $"{s.BronzeTable}: {s.FailedAttempts} failed attempts"));
        return statuses;
    }

    public static async Task<IReadOnlyList<SilverFeedStatus>> WaitForSilverAsync(KardiaflowTestCluster cluster) =>
        await SilverFeedWaiter.WaitAsync(cluster.Client, await BronzeVersionsAsync(cluster.Lake), TimeSpan.FromMinutes(3), CancellationToken.None);

    public static async Task<Dictionary<string, long>> BronzeVersionsAsync(string lake)
    {
        var versions = new Dictionary<string, long>();
        foreach (var table in DatasetCatalog.BronzeTablePaths)
        {
            try
            {
                versions[table] = (await DeltaTable.OpenAsync(new LocalLakeStorage(lake), table, CancellationToken.None)).Version;
            }
            catch (TableNotFoundException)
            {
                versions[table] = -1;
            }
        }

        return versions;
    }

    /// <summary>Copies a checked-in submission of tests/Cluster.Tests/SilverData into a scratch folder.</summary>
    public static string CopySubmission(string name)
    {
        var source = Path.Combine(TestData.RepositoryRoot, "tests", "Cluster.Tests", "SilverData", name);
        var target = TestData.NewFolder(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
