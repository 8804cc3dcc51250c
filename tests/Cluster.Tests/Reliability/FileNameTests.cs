using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Cluster.Tests.Reliability;

/// <summary>
/// File names and paths a submission may hold (docs/reliability.md, Hostile input): spaces and unicode ingest normally and
/// are the <c>_source_file</c>; symbolic links leading out are refused before anything behind them is read or reported;
/// '..' and absolute paths never reach outside the submission; a link to a folder is not walked.
/// </summary>
public sealed class FileNameTests
{
    private const string Patients = "ID,BIRTHDATE,DEATHDATE,SSN,DRIVERS,PASSPORT,PREFIX,FIRST,LAST,SUFFIX,MAIDEN,MARITAL,RACE,ETHNICITY,GENDER,BIRTHPLACE,ADDRESS\n"
        + "p-1,1990-01-01,,000-00-0001,D1,P1,Mr.,A,B,,,S,White,Non,M,Town,Street 1\n"
        + "p-2,1991-01-01,,000-00-0002,D2,P2,Ms.,C,D,,,M,Asian,Non,F,Town,Street 2\n";

    [Fact]
    public async Task Names_with_spaces_and_unicode_ingest_and_links_dot_dot_and_absolute_paths_are_refused_saying_so()
    {
        var input = TestData.NewFolder("names");
        var outside = TestData.NewFolder("outside-secret");
        const string odd = "patients/ward 7 – ünïcødé 😀 #1 %41 (copy).csv";
        Directory.CreateDirectory(Path.Combine(input, "patients"));
        Directory.CreateDirectory(Path.Combine(input, "providers"));
        Directory.CreateDirectory(Path.Combine(input, "feedback"));
        await File.WriteAllTextAsync(Path.Combine(input, odd), Patients);
        var secret = Path.Combine(outside, "secret-providers.csv");
        await File.WriteAllTextAsync(secret, "ProviderID,ProviderSpecialty,ProviderLocation\nx1,A,B\nx2,C,D\nx3,E,F\n");
        File.CreateSymbolicLink(Path.Combine(input, "providers", "link.csv"), secret);
        Directory.CreateSymbolicLink(Path.Combine(input, "encounters"), outside);
        Directory.CreateSymbolicLink(Path.Combine(input, "feedback", "again"), Path.Combine(input, "patients"));
        await using var cluster = await KardiaflowTestCluster.StartAsync(1);

        var job = cluster.Client.GetGrain<IIngestionJobGrain>("names");
        await job.SubmitAsync(new SubmissionRequest(input, null, []));
        var done = await cluster.WaitAsync(job, TimeSpan.FromMinutes(3));
        var files = done.Files.ToDictionary(f => f.RelativePath);

        Assert.Equal(FileStatus.Ingested, files[odd].Status);
        Assert.Equal(2, files[odd].BronzeRows);
        Assert.Equal([odd, odd], (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_patients")).Column("_source_file"));
        foreach (var link in new[] { "providers/link.csv", "encounters" })
        {
            Assert.Equal(FileStatus.Failed, files[link].Status);
            Assert.Contains($"'{link}'", files[link].Error, StringComparison.Ordinal);
            Assert.Contains("symbolic link that leads outside", files[link].Error, StringComparison.Ordinal);
            // Nothing of what lies behind: not its name, not its size, not a row.
            Assert.DoesNotContain("secret", files[link].Error, StringComparison.Ordinal);
            Assert.Equal(0, files[link].RowsRead);
        }

        Assert.DoesNotContain(done.Files, f => f.RelativePath.Contains("secret", StringComparison.Ordinal));
        Assert.Equal(FileStatus.Skipped, files["feedback/again/"].Status);
        Assert.Contains("not followed", files["feedback/again/"].Error, StringComparison.Ordinal);
        Assert.Equal(0, await ProviderRowsAsync(cluster.Lake));

        // Paths named by a client: '..' and absolute ones are refused by name; "./" and "//" are the same file, already in.
        var named = cluster.Client.GetGrain<IIngestionJobGrain>("named");
        var outsideName = Path.GetFileName(outside);
        await named.SubmitAsync(new SubmissionRequest(input, "patients", [$"../{outsideName}/secret-providers.csv", "patients/../" + odd, secret, "./patients//" + odd["patients/".Length..]]));
        var second = await cluster.WaitAsync(named, TimeSpan.FromMinutes(3));
        var byPath = second.Files.ToDictionary(f => f.RelativePath);
        Assert.Equal(4, byPath.Count);
        Assert.All(byPath.Where(f => f.Key.Contains("..", StringComparison.Ordinal)), f =>
        {
            Assert.Equal(FileStatus.Failed, f.Value.Status);
            Assert.Contains("outside the submitted folder", f.Value.Error, StringComparison.Ordinal);
        });
        Assert.Equal(FileStatus.Failed, byPath[secret].Status);
        Assert.Contains("absolute path", byPath[secret].Error, StringComparison.Ordinal);
        Assert.Equal(FileStatus.Skipped, byPath[odd].Status);
        Assert.Contains("already ingested", byPath[odd].Error, StringComparison.Ordinal);
        Assert.Equal(2, (await LakeTables.ReadAsync(cluster.Lake, "bronze/bronze_patients")).Count);
        Assert.Equal(0, await ProviderRowsAsync(cluster.Lake));
    }

    // The providers table holds a commit only once a providers file was taken for ingestion: none was.
    private static async Task<int> ProviderRowsAsync(string lake)
    {
        var log = Path.Combine(lake, "bronze", "bronze_providers", "_delta_log");
        return Directory.Exists(log) && Directory.EnumerateFiles(log, "*.json").Any()
            ? (await LakeTables.ReadAsync(lake, "bronze/bronze_providers")).Count
            : 0;
    }
}
