using System.Globalization;
using System.Text.RegularExpressions;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Gold;
using Kardiaflow.Pipeline.Silver;
using Xunit.Abstractions;

namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>
/// No PHI outside Bronze and quarantine: after the sample (embedded <c>run</c>) and generated data (<c>submit --wait</c> to
/// a standalone silo) land in one lake, every PHI value of both inputs is looked for in every Silver, Gold and validation
/// file, the Silver and Gold grains' state, the logs at Trace level of both silos and the console output of <c>run</c>,
/// <c>submit</c>, <c>status</c>, <c>kpis</c>, <c>checks</c> and <c>lake read</c> of every Silver and Gold table. Zero hits.
/// The same scan of Bronze (which keeps PHI by design) must find them: the scan can fail.
/// </summary>
public sealed partial class PhiScanTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    // Every level of every category, Orleans' and ASP.NET's included.
    private static readonly Dictionary<string, string> TraceLogs = new()
    {
        ["Logging__LogLevel__Default"] = "Trace",
        ["Logging__LogLevel__Orleans"] = "Trace",
        ["Logging__LogLevel__Microsoft"] = "Trace",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        ["Logging__LogLevel__Polly"] = "Trace",
        ["Logging__LogLevel__Azure"] = "Trace",
        ["Logging__LogLevel__System.Net.Http"] = "Trace",
    };

    // Grain state written by ingestion holds Bronze's own commit (its file statistics, PHI included, as Bronze's log does).
    private static readonly HashSet<string> BronzeGrainStates = ["ingestionjob"];

    [Fact]
    public async Task No_PHI_value_of_the_input_reaches_Silver_Gold_the_logs_or_the_console()
    {
        var generated = TestData.NewFolder("phi-generated");
        var gen = await KardiaflowProcess.RunAsync(Timeout, "generate", "--out", generated, "--patients", "400", "--seed", "16");
        Assert.True(gen.ExitCode == 0, gen.Output + gen.Error);
        var lake = TestData.NewFolder("phi-lake");
        var texts = new List<(string Where, string Text)>();

        var run = await KardiaflowProcess.RunAsync(TraceLogs, Timeout, "run", "--input", TestData.SamplesFolder, "--lake", lake);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("trce:", run.Error, StringComparison.Ordinal); // the Trace level reached the log
        texts.Add(("run (stdout)", run.Output));
        texts.Add(("run (stderr: the embedded silo's log at Trace)", run.Error));

        var settings = new Dictionary<string, string>(TraceLogs) { ["Kardiaflow__Lake__Root"] = lake };
        using (var silo = await StandaloneSilo.StartAsync(settings, TestData.NewFolder("phi-silo"), TimeSpan.FromMinutes(2), lake))
        {
            var gateway = silo.GatewayPort.ToString(CultureInfo.InvariantCulture);
            var submit = await KardiaflowProcess.RunAsync(Timeout, "submit", generated, "--wait", "--gateway-port", gateway);
            Assert.True(submit.ExitCode == 0, $"{submit.Output}\n{submit.Error}\n{silo.Output}");
            var jobId = JobId().Match(submit.Output).Groups[1].Value;
            var status = await KardiaflowProcess.RunAsync(Timeout, "status", "--gateway-port", gateway);
            var job = await KardiaflowProcess.RunAsync(Timeout, "status", jobId, "--gateway-port", gateway);
            Assert.True(status.ExitCode == 0 && job.ExitCode == 0, status.Output + status.Error + job.Output + job.Error);
            texts.Add(("submit --wait", submit.Output + submit.Error));
            texts.Add(("status", status.Output + status.Error));
            texts.Add(($"status {jobId}", job.Output + job.Error));
            texts.Add(("the standalone silo's log at Trace", silo.Output));
            Assert.Contains("trce:", silo.Output, StringComparison.Ordinal);
        }

        var commands = new List<string[]> { new[] { "kpis", "--lake", lake }, new[] { "checks", "--lake", lake } };
        var tables = SilverTables.All.Select(SilverTables.PathOf).Concat(GoldTables.All.Select(t => t.Path)).ToList();
        commands.AddRange(tables.Select(t => new[] { "lake", "read", Path.Combine(lake, t) }));
        commands.Add(["lake", "read", Path.Combine(lake, "bronze", "bronze_patients")]); // the positive control, below
        var outputs = await RunAllAsync(commands);
        foreach (var (command, result) in commands.Zip(outputs))
        {
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)}: {result.Output}{result.Error}");
        }

        var bronzeRead = outputs[^1];
        texts.AddRange(commands.Zip(outputs).SkipLast(1).Select(p => (string.Join(' ', p.First.Take(2).Append(Path.GetFileName(p.First[^1]))), p.Second.Output + p.Second.Error)));

        // The PHI of both inputs; the public values (non-PHI columns of every Bronze table) tell which tokens prove nothing.
        var corpus = PhiCorpus.Read([TestData.SamplesFolder, generated], await PublicTextsAsync(lake));
        Assert.True(corpus.PatientRows > 3000 + 400, $"{corpus.PatientRows} patient rows read");
        Assert.All(corpus.Ambiguous, v => Assert.Contains(v.Column, PhiCorpus.AmbiguousColumns));
        Assert.True(corpus.Ambiguous.Count * 10 < corpus.Values.Count, $"{corpus.Ambiguous.Count} of {corpus.Values.Count} values are ambiguous");

        // Positive control first: Bronze keeps PHI, so the same scan must find it in each channel it reads.
        var bronze = PhiScan.For(corpus.Values);
        await bronze.ScanFolderAsync(Path.Combine(lake, "bronze", "bronze_patients"), "bronze/bronze_patients");
        bronze.ScanText(bronzeRead.Output, "lake read bronze_patients");
        bronze.ScanText($"info: planted[1] row 7 of patients_part_1.csv: {corpus.Values.First(v => v.Column == "SSN").Text}", "a planted log line");
        foreach (var channel in new[] { ".parquet [", "_delta_log/", "(raw bytes)", "lake read", "planted" })
        {
            Assert.True(bronze.Hits.Any(h => h.Where.Contains(channel, StringComparison.Ordinal)), $"the scan of Bronze found nothing in '{channel}'");
        }

        foreach (var column in new[] { "SSN", "BIRTHDATE", "ADDRESS", "FIRST LAST", "DRIVERS", "PASSPORT" })
        {
            Assert.True(bronze.Hits.Any(h => h.Value.Column == column), $"the scan of Bronze found no {column}");
        }

        var scan = PhiScan.For(corpus.Values);
        foreach (var layer in new[] { "silver", "gold", "validation" })
        {
            await scan.ScanFolderAsync(Path.Combine(lake, layer), layer);
        }

        var grainState = Path.Combine(lake, "_orleans", "grain-state", "kardiaflow");
        foreach (var type in Directory.EnumerateDirectories(grainState).Where(d => !BronzeGrainStates.Contains(Path.GetFileName(d))))
        {
            await scan.ScanFolderAsync(type, "grain-state/" + Path.GetFileName(type));
        }

        foreach (var (where, text) in texts)
        {
            scan.ScanText(text, where);
        }

        output.WriteLine($"patient rows {corpus.PatientRows}; PHI values scanned {corpus.Values.Count} ({string.Join(", ", corpus.Values.GroupBy(v => v.Column).Select(g => $"{g.Key} {g.Count()}"))}); "
            + $"left out as ambiguous {corpus.Ambiguous.Count} ({string.Join(", ", corpus.Ambiguous.GroupBy(v => v.Column).Select(g => $"{g.Key} {g.Count()}"))})");
        output.WriteLine($"scanned: {scan.Files} files, {scan.Bytes:N0} bytes, {scan.ParquetRows:N0} Parquet rows, {scan.DecodedValues:N0} decoded string values, {scan.Texts} logs/console outputs; hits {scan.Hits.Count}");
        output.WriteLine($"Bronze control: {bronze.Hits.Count} hits in {bronze.Files} files");
        Assert.True(scan.Files > 100 && scan.DecodedValues > 10_000 && scan.Texts == texts.Count, $"too little scanned: {scan.Files} files, {scan.DecodedValues} values");
        Assert.True(scan.Hits.Count == 0, $"{scan.Hits.Count} PHI hits:\n{scan.Describe()}");
    }

    [Fact]
    public void The_matcher_finds_whole_tokens_only()
    {
        var matcher = new PhiMatcher([new("Daniel", "FIRST"), new("726-40-3539", "SSN"), new("PSC 2856, Box 5760 APO AA 75629", "ADDRESS"), new("Li", "LAST")]);
        Assert.Equal(["FIRST"], matcher.Find("dr DANIEL, cardiology").Select(v => v.Column));
        Assert.Empty(matcher.Find("New Danielview"));
        Assert.Equal(["SSN"], matcher.Find("{\"SSN\":\"726-40-3539\"}").Select(v => v.Column));
        Assert.Empty(matcher.Find("1726-40-35390"));
        Assert.Equal(["ADDRESS"], matcher.Find("at PSC 2856, Box 5760 APO AA 75629.").Select(v => v.Column));
        Assert.Empty(matcher.Find("\u0001Li\u0002", PhiScan.MinBinaryMatch));
        Assert.Single(matcher.Find("\u0001Li\u0002"));
        Assert.Empty(new PhiMatcher([new("Max", "FIRST")]).Find("max__ingest_ts"));
    }

    /// <summary>
    /// What a PHI token may coincide with without being PHI: every non-PHI value of the input (as Bronze holds it, the date
    /// part of its dates too: a claim date prints as 2024-07-13), the contract's table and column names, and the words of
    /// the Delta schema JSON ("fields": the surname Fields).
    /// </summary>
    private static async Task<IReadOnlyList<string>> PublicTextsAsync(string lake)
    {
        var texts = new List<string>(DeltaSchemaWords.Concat(ProgramWords));
        foreach (var dataset in DatasetCatalog.All)
        {
            var bronze = await LakeTables.ReadAsync(lake, dataset.BronzeTablePath);
            var phi = dataset == DatasetCatalog.Patients ? PatientRules.PhiColumns.ToHashSet() : [];
            foreach (var column in dataset.RawSchema.Fields.Select(f => f.Name).Where(c => !phi.Contains(c)))
            {
                texts.AddRange(bronze.Column(column).SelectMany(Strings).Distinct());
            }
        }

        texts.AddRange(texts.Where(t => t.Length > 10 && DatePrefix().IsMatch(t)).Select(t => t[..10]).ToList());
        texts.AddRange(SilverTables.Definitions.SelectMany(t => t.Schema.Fields.Select(f => f.Name).Append(t.Name)));
        texts.AddRange(GoldTables.All.SelectMany(t => t.Schema.Fields.Select(f => f.Name).Append(t.Name)));
        return texts;
    }

    private static readonly string[] DeltaSchemaWords =
        ["struct", "fields", "name", "type", "nullable", "metadata", "array", "elementType", "containsNull", "map", "keyType", "valueType", "valueContainsNull"];

    /// <summary>
    /// Words the program itself writes into its logs whatever the input: the Gold aggregators' page states are named
    /// <c>kpi-page-&lt;page&gt;-&lt;slot&gt;</c>, and the storage provider logs those names at Trace.
    /// </summary>
    private static readonly string[] ProgramWords = ["page"];

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string s => [s],
        System.Collections.IEnumerable e => e.Cast<object?>().SelectMany(Strings),
        _ => [],
    };

    /// <summary>The read-only commands, two at a time (each is its own process).</summary>
    private static async Task<(int ExitCode, string Output, string Error)[]> RunAllAsync(IReadOnlyList<string[]> commands)
    {
        using var gate = new SemaphoreSlim(2);
        return await Task.WhenAll(commands.Select(async command =>
        {
            await gate.WaitAsync();
            try
            {
                return await KardiaflowProcess.RunAsync(Timeout, command);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePrefix();

    [GeneratedRegex(@"Submitted job (\S+)\.")]
    private static partial Regex JobId();
}
