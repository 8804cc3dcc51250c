using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Cluster.Tests;

/// <summary>Files that cannot be ingested fail alone, with an error naming them; the rest of the submission lands.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Unreadable_files_fail_alone_and_the_others_are_ingested()
    {
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);
        var input = TestData.CopySamples();
        await File.WriteAllTextAsync(Path.Combine(input, "claims", "claims_zz_corrupt.parquet"), "PAR1 this is not a parquet footer");
        await File.WriteAllTextAsync(Path.Combine(input, "encounters", "encounters_zz_text.avro"), "not an avro container");
        await File.WriteAllTextAsync(Path.Combine(input, "feedback", "notes.txt"), "free text");
        var outside = Path.Combine(TestData.NewFolder("outside"), "secret.tsv");
        await File.WriteAllTextAsync(outside, "ProviderID\tProviderSpecialty\tProviderLocation\nP1\tX\tY\n");
        File.CreateSymbolicLink(Path.Combine(input, "providers", "providers_zz_link.tsv"), outside);

        var job = cluster.Client.GetGrain<IIngestionJobGrain>("job-bad-input");
        await job.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));

        Assert.Equal(JobPhase.Completed, done.Phase);
        Assert.False(done.Succeeded);
        var failed = done.Files.Where(f => f.Status == FileStatus.Failed).ToDictionary(f => f.RelativePath, f => f.Error!);
        Assert.Equal(
            ["claims/claims_zz_corrupt.parquet", "encounters/encounters_zz_text.avro", "feedback/notes.txt", "providers/providers_zz_link.tsv"],
            failed.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, error) in failed)
        {
            Assert.Contains(path, error, StringComparison.Ordinal);
        }

        Assert.Contains("outside the submitted folder", failed["providers/providers_zz_link.tsv"], StringComparison.Ordinal);
        Assert.Contains("unsupported file extension", failed["feedback/notes.txt"], StringComparison.Ordinal);
        Assert.Equal(15, done.Files.Count(f => f.Status == FileStatus.Ingested));
        Assert.Equal(3000, (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims")).Count);
        Assert.Equal(15000, (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_encounters")).Count);
        Assert.Equal(2694, (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_providers")).Count);
    }
}
