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
        Assert.Equal(["patients", "3", "0", "0", "0", "3", "0"], SummaryTable.Row(outputAgain, "patients").Take(7));
        Assert.Equal(3000, (await LakeTables.ReadAsync(lake, "bronze/bronze_patients")).Count);
        Assert.Equal(15000, (await LakeTables.ReadAsync(lake, "bronze/bronze_encounters")).Count);
    }

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
