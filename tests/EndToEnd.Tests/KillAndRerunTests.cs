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

        foreach (var dataset in new[] { "patients", "encounters", "claims" })
        {
            var bronze = await LakeTables.ReadAsync(lake, $"bronze/bronze_{dataset}");
            var quarantine = await LakeTables.ReadAsync(lake, $"_quarantine/bad_{dataset}");
            var sources = bronze.Sources().Concat(quarantine.Sources()).ToList();
            Assert.Equal(sources.Count, sources.Distinct().Count());
            var perFile = sources.GroupBy(s => s.File).ToDictionary(g => g.Key, g => g.Select(s => s.Row).Order().ToList());
            Assert.Equal(Copies, perFile.Count);
            foreach (var rows in perFile.Values)
            {
                Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows);
            }

            Assert.Single(perFile.Values.Select(r => r.Count).Distinct());
        }
    }

    private static string MultiFileInput()
    {
        var input = TestData.NewFolder("multi");
        foreach (var (dataset, name) in new[] { ("patients", "patients_part_1.csv"), ("encounters", "encounters_part_1.avro"), ("claims", "claims_part_1.parquet") })
        {
            Directory.CreateDirectory(Path.Combine(input, dataset));
            for (var copy = 1; copy <= Copies; copy++)
            {
                File.Copy(Path.Combine(TestData.SamplesFolder, dataset, name), Path.Combine(input, dataset, $"{dataset}_{copy:D2}{Path.GetExtension(name)}"));
            }
        }

        return input;
    }
}
