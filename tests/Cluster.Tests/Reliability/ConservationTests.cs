using Kardiaflow.Cluster.Tests.Silver;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// docs/data-contract.md (Checks) through the real ingestion: the reader's count travels with the Bronze commit, a path
/// submitted again with other content is another file, a re-sent key is resolved in Silver, and the datasets nothing fed
/// yet pass with "no input yet".
/// </summary>
public sealed class ConservationTests
{
    private const string Header = "ClaimID,PatientID,ProviderID,ClaimAmount,ClaimDate,DiagnosisCode,ProcedureCode,ClaimStatus,ClaimType,ClaimSubmissionMethod";

    [Fact]
    public async Task A_path_submitted_again_with_other_content_is_counted_on_its_own_and_a_first_partial_submission_passes_every_check()
    {
        var first = Claims("first", "C1,PA,P1,100.0,2024-03-01,J45,99213,Pending,Inpatient,Online", "C2,PB,P2,250.5,2024-03-02,C50,77427,Approved,Outpatient,Paper",
            "C3,PC,P1,80.0,2024-03-03,J45,99213,Pending,Inpatient,Online");
        // The same relative path with other content: C1 re-sent with another status, a new claim, and a broken line.
        var second = Claims("second", "C1,PA,P1,100.0,2024-03-01,J45,99213,Approved,Inpatient,Online", "C4,PD,P2,10.0,2024-03-04,C50,77427,Denied,Outpatient,Paper",
            "a line with too few fields");
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        await SilverRun.SubmitAndWaitAsync(cluster, "first", first);
        await SilverRun.SubmitAndWaitAsync(cluster, "second", second);

        var storage = new LocalLakeStorage(cluster.Lake);
        var results = await CheckRunner.RunAsync(
            [.. DatasetCatalog.All.Select(d => BronzeChecks.For(storage, d)), .. SilverChecks.All(storage)], CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Layer} {r.TableName} {r.Metric} = {r.Value}: {r.Status} {r.Message}"));
        Assert.Equal(("0", null), Metric(results, "bronze_claims", "conservation"));
        Assert.Equal(("1", "1 keys arrived more than once; resolved in silver_claims"), Metric(results, "bronze_claims", "dup_pk"));
        Assert.Equal(("5", null), Metric(results, "bronze_claims", "row_count"));
        Assert.Equal(("0", BronzeChecks.NoInputYet), Metric(results, "bronze_patients", "row_count"));
        Assert.Equal("0", Metric(results, "silver_patients", "missing_cols_count").Value);
    }

    private static (string? Value, string? Message) Metric(IReadOnlyList<CheckResult> results, string table, string metric)
    {
        var result = Assert.Single(results, r => r.TableName == table && r.Metric == metric);
        return (result.Value, result.Message);
    }

    private static string Claims(string name, params string[] lines)
    {
        var folder = TestData.NewFolder(name);
        Directory.CreateDirectory(Path.Combine(folder, "claims"));
        File.WriteAllLines(Path.Combine(folder, "claims", "claims_1.csv"), [Header, .. lines]);
        return folder;
    }
}
