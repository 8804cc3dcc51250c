using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>Hidden and marker files and folders ('.' or '_') are not input, and the job says so, one entry each.</summary>
public sealed class HiddenInputTests
{
    [Fact]
    public async Task Hidden_and_marker_files_and_folders_are_listed_as_skipped_not_silently_ignored()
    {
        var input = TestData.NewFolder("hidden");
        var claims = Path.Combine(input, "claims");
        Directory.CreateDirectory(Path.Combine(claims, "_tmp"));
        const string csv = "ClaimID,PatientID,ProviderID,ClaimAmount,ClaimDate,DiagnosisCode,ProcedureCode,ClaimStatus,ClaimType,ClaimSubmissionMethod\n"
            + "C1,PA,P1,100.0,2024-03-01,J45,99213,Pending,Inpatient,Online\n";
        await File.WriteAllTextAsync(Path.Combine(claims, "claims_1.csv"), csv);
        await File.WriteAllTextAsync(Path.Combine(claims, ".claims_2.csv"), csv);
        await File.WriteAllTextAsync(Path.Combine(claims, "_SUCCESS"), "");
        await File.WriteAllTextAsync(Path.Combine(claims, "_tmp", "claims_3.csv"), csv);
        await File.WriteAllTextAsync(Path.Combine(claims, "_tmp", "claims_4.csv"), csv);
        await File.WriteAllTextAsync(Path.Combine(input, ".DS_Store"), "x");
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        var job = cluster.Client.GetGrain<IIngestionJobGrain>("hidden");
        await job.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));

        Assert.True(done.Succeeded, string.Join("; ", done.Files.Select(f => $"{f.RelativePath}: {f.Status} {f.Error}")));
        Assert.Equal(FileStatus.Ingested, Assert.Single(done.Files, f => f.RelativePath == "claims/claims_1.csv").Status);
        var skipped = done.Files.Where(f => f.Status == FileStatus.Skipped).ToDictionary(f => f.RelativePath, f => f.Error);
        Assert.Equal([".DS_Store", "claims/.claims_2.csv", "claims/_SUCCESS", "claims/_tmp/"], skipped.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("hidden or marker folder", skipped["claims/_tmp/"], StringComparison.Ordinal);
        Assert.Contains("hidden or marker file", skipped["claims/_SUCCESS"], StringComparison.Ordinal);
        Assert.Equal(1, (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_claims")).Count);
        Assert.DoesNotContain(done.Datasets, d => d.Dataset.Length == 0);
    }
}
