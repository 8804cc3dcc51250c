namespace Kardiaflow.EndToEnd.Tests;

/// <summary>Exactly-once when the whole process dies: <c>kill -9</c> mid-run, then <c>run</c> again.</summary>
public sealed class KillAndRerunTests
{
    private const int Copies = 8;

    [Fact]
    public async Task Kill_9_mid_run_then_run_again_leaves_every_record_exactly_once()
    {
        var input = MultiFileInput();
        var lake = TestData.NewFolder("lake");
        var slow = new Dictionary<string, string>
        {
            ["Kardiaflow__Ingestion__RowsPerDataFile"] = "250",
            ["Kardiaflow__Ingestion__MaxConcurrentParts"] = "1",
        };

        using (var first = KardiaflowProcess.Start(slow, "run", "--input", input, "--lake", lake))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!first.StandardOutput.Contains(": ingested ", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no file was ingested in time:\n{first.StandardOutput}\n{first.StandardError}");
                await Task.Delay(20);
            }

            first.KillHard();
            Assert.DoesNotContain("completed in", first.StandardOutput, StringComparison.Ordinal);
        }

        var (exit, output, error) = await KardiaflowProcess.RunAsync(TimeSpan.FromMinutes(4), "run", "--input", input, "--lake", lake);
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("skipped, already ingested", output, StringComparison.Ordinal);

        foreach (var dataset in new[] { "patients", "encounters", "claims", "providers", "feedback" })
        {
            var bronze = await LakeTables.ReadAsync(lake, $"bronze/bronze_{dataset}");
            var quarantine = await LakeTables.ReadAsync(lake, $"_quarantine/bad_{dataset}");
            var sources = bronze.Sources().Concat(quarantine.Sources()).ToList();
            Assert.Equal(sources.Count, sources.Distinct().Count());
            var perFile = sources.GroupBy(s => s.File).ToDictionary(g => g.Key, g => g.Select(s => s.Row).Order().ToList());
            Assert.Equal(Directory.GetFiles(Path.Combine(input, dataset)).Length, perFile.Count);
            foreach (var rows in perFile.Values)
            {
                Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows);
            }
        }

        var patientFiles = (await LakeTables.ReadAsync(lake, "bronze/bronze_patients")).Sources().GroupBy(s => s.File).ToList();
        Assert.Single(patientFiles.Where(g => g.Key.Contains("_copy_", StringComparison.Ordinal)).Select(g => g.Count()).Distinct());
    }

    /// <summary>
    /// The sample data plus extra copies of one patients file, so the run is long enough to be killed in the middle.
    /// Only patients are copied: repeated patient ids are allowed in Bronze (Silver keeps the latest), so the checks
    /// still pass and the rerun must exit 0; repeated claim or encounter ids would fail Bronze's dup_pk check.
    /// </summary>
    private static string MultiFileInput()
    {
        var input = TestData.NewFolder("multi");
        foreach (var dataset in new[] { "patients", "encounters", "claims", "providers", "feedback" })
        {
            Directory.CreateDirectory(Path.Combine(input, dataset));
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.SamplesFolder, dataset)))
            {
                File.Copy(file, Path.Combine(input, dataset, Path.GetFileName(file)));
            }
        }

        for (var copy = 1; copy <= Copies; copy++)
        {
            File.Copy(Path.Combine(TestData.SamplesFolder, "patients", "patients_part_2.csv"), Path.Combine(input, "patients", $"patients_copy_{copy:D2}.csv"));
        }

        return input;
    }
}
