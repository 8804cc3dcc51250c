using System.Globalization;

namespace Kardiaflow.EndToEnd.Tests;

/// <summary><c>kardiaflow generate</c> then <c>kardiaflow run</c> on what it wrote, both as real processes.</summary>
public sealed class GeneratedDataTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Datasets = ["patients", "encounters", "claims", "providers", "feedback"];

    [Fact]
    public async Task Generated_data_runs_every_layer_with_every_check_passing_exits_0_and_accounts_for_every_record()
    {
        var data = TestData.NewFolder("generated");
        var lake = TestData.NewFolder("lake");

        var (generated, generateOutput, generateError) = await KardiaflowProcess.RunAsync(Timeout, "generate", "--out", data, "--patients", "300", "--seed", "5");
        Assert.True(generated == 0, $"exit {generated}\n{generateOutput}\n{generateError}");
        var records = Datasets.ToDictionary(d => d, d => Number(SummaryTable.RowsStartingWith(generateOutput, d).Single()[2]), StringComparer.Ordinal);

        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", data, "--lake", lake);

        // The generator re-sends claims, changes providers and repeats feedback ids: Bronze logs every arrival, Silver
        // resolves them, so docs/data-contract.md (Checks) passes dup_pk with a message saying so, and the run exits 0.
        Assert.Contains("GOLD checks", output, StringComparison.Ordinal);
        var failures = output.Split('\n').Where(l => l.Contains("│ FAIL", StringComparison.Ordinal) || l.Contains("│ ERROR", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Matches(@"│ bronze_claims\s+│ dup_pk\s+│\s+[1-9][\d,]*\s+│ PASS", output);
        foreach (var dataset in Datasets)
        {
            var bronze = (await LakeTables.ReadAsync(lake, $"bronze/bronze_{dataset}")).Count;
            var quarantined = Directory.Exists(Path.Combine(lake, "_quarantine", $"bad_{dataset}", "_delta_log"))
                ? (await LakeTables.ReadAsync(lake, $"_quarantine/bad_{dataset}")).Count
                : 0;
            Assert.True(records[dataset] == bronze + quarantined, $"{dataset}: generator wrote {records[dataset]} records, Bronze has {bronze}, quarantine {quarantined}");
        }

        foreach (var (kind, dataset) in new[] { ("malformed_patients", "patients"), ("null_patient_ids", "patients"), ("malformed_feedback", "feedback") })
        {
            if (Dirt(generateOutput, kind) > 0)
            {
                Assert.True((await LakeTables.ReadAsync(lake, $"_quarantine/bad_{dataset}")).Count > 0, $"the generator wrote {kind} but bad_{dataset} is empty");
            }
        }
    }

    private static long Dirt(string output, string kind) =>
        SummaryTable.RowsStartingWith(output, kind) is [var row, ..] ? Number(row[1]) : 0;

    private static long Number(string cell) => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
