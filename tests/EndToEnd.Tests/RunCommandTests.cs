namespace Kardiaflow.EndToEnd.Tests;

/// <summary><c>kardiaflow run</c> as a real process on the sample data.</summary>
public sealed class RunCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Run_on_the_sample_data_reports_every_dataset_and_a_second_run_adds_nothing()
    {
        var input = TestData.CopySamples();
        var lake = TestData.NewFolder("lake");

        var (exit, output, error) = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", input, "--lake", lake);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Equal(["patients", "3", "3001", "3000", "1", "0", "0"], SummaryTable.Row(output, "patients").Take(7));
        Assert.Equal(["encounters", "3", "15000", "15000", "0", "0", "0"], SummaryTable.Row(output, "encounters").Take(7));
        Assert.Equal(["claims", "3", "3000", "3000", "0", "0", "0"], SummaryTable.Row(output, "claims").Take(7));
        Assert.Equal(["providers", "3", "2694", "2694", "0", "0", "0"], SummaryTable.Row(output, "providers").Take(7));
        Assert.Equal(["feedback", "3", "1500", "1500", "0", "0", "0"], SummaryTable.Row(output, "feedback").Take(7));
        Assert.True(long.Parse(SummaryTable.Row(output, "encounters")[7], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(3000, (await LakeTables.ReadAsync(lake, "bronze/bronze_patients")).Count);
        Assert.Single((await LakeTables.ReadAsync(lake, "_quarantine/bad_patients")).Rows);

        var (exitAgain, outputAgain, errorAgain) = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", input, "--lake", lake);

        Assert.True(exitAgain == 0, $"exit {exitAgain}\n{outputAgain}\n{errorAgain}");
        Assert.Contains("All 15 files were already ingested; nothing was added.", outputAgain, StringComparison.Ordinal);
        Assert.Contains("patients/patients_part_1.csv: skipped, already ingested", outputAgain, StringComparison.Ordinal);
        // Each skipped file once, and a rerun that changes nothing says so instead of reporting a Gold epoch.
        Assert.Single(outputAgain.Split('\n'), l => l.StartsWith("patients/patients_part_1.csv: skipped", StringComparison.Ordinal));
        Assert.Contains("Gold: nothing changed", outputAgain, StringComparison.Ordinal);
        Assert.Equal(["patients", "3", "0", "0", "0", "3", "0"], SummaryTable.Row(outputAgain, "patients").Take(7));
        Assert.Equal(3000, (await LakeTables.ReadAsync(lake, "bronze/bronze_patients")).Count);
        Assert.Equal(15000, (await LakeTables.ReadAsync(lake, "bronze/bronze_encounters")).Count);

        // rebuild: fresh Silver and Gold tables from Bronze, with the same rows, and the checks pass again.
        var before = await SilverAndGoldAsync(lake);
        var rebuildStart = DateTime.UtcNow;
        var (rebuildExit, rebuildOutput, rebuildError) = await KardiaflowProcess.RunAsync(Timeout, "rebuild", "--lake", lake);
        Assert.True(rebuildExit == 0, $"exit {rebuildExit}\n{rebuildOutput}\n{rebuildError}");
        Assert.Contains("Gold: epoch 1,", rebuildOutput, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(FAIL|ERROR)\b", rebuildOutput);
        var after = await SilverAndGoldAsync(lake);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        // The sample has no rapid-fire patient and no amount outlier; every other table has rows, so the comparisons bite.
        Assert.Equal(
            ["gold/gold_claim_amount_outliers", "gold/gold_rapid_fire_claims"],
            before.Where(t => t.Value.Count == 0).Select(t => t.Key).Order(StringComparer.Ordinal));
        foreach (var (table, rows) in before)
        {
            Assert.True(rows.SequenceEqual(after[table]), $"{table} differs after rebuild");
        }

        // Fresh tables, not the old ones kept: every table's first commit was written by the rebuild.
        Assert.All(after.Keys, table => Assert.True(
            File.GetLastWriteTimeUtc(Path.Combine(lake, table, "_delta_log", "00000000000000000000.json")) >= rebuildStart, table));
    }

    /// <summary>Every Silver and Gold table's rows as sorted text, without the audit columns a replay may change.</summary>
    private static async Task<Dictionary<string, List<string>>> SilverAndGoldAsync(string lake)
    {
        var audit = new HashSet<string>(StringComparer.Ordinal) { "_batch_id", "_ingest_ts", "_silver_ts", "_gold_ts", "updated_at" };
        var tables = Kardiaflow.Pipeline.Silver.SilverTables.All.Select(Kardiaflow.Pipeline.Silver.SilverTables.PathOf)
            .Concat(Kardiaflow.Pipeline.Gold.GoldTables.All.Select(t => t.Path));
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var contents = await LakeTables.ReadAsync(lake, table);
            var kept = contents.Columns.Select((name, index) => (name, index)).Where(c => !audit.Contains(c.name)).Select(c => c.index).ToList();
            result[table] = contents.Rows
                .Select(row => string.Join("|", kept.Select(i => Text(row[i]))))
                .Order(StringComparer.Ordinal)
                .ToList();
        }

        return result;
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [Fact]
    public async Task Missing_or_wrong_input_is_bad_usage()
    {
        var (noInput, _, _) = await KardiaflowProcess.RunAsync(Timeout, "run", "--lake", TestData.NewFolder("lake"));
        Assert.Equal(2, noInput);

        var missing = Path.Combine(TestData.NewFolder("nothing"), "absent");
        var (absent, _, error) = await KardiaflowProcess.RunAsync(Timeout, "run", "--input", missing, "--lake", TestData.NewFolder("lake"));
        Assert.Equal(2, absent);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
