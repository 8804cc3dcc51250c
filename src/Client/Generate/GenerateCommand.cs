using System.CommandLine;
using System.Diagnostics;
using Kardiaflow.Pipeline.Synthetic;
using Spectre.Console;

namespace Kardiaflow.Client.Generate;

/// <summary><c>kardiaflow generate --out DIR --patients N --seed S</c>: synthetic data of any size with the dirt the data contract's rules exist for.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the submission into (one subfolder per dataset).", Required = true };
        var patients = new Option<int>("--patients") { Description = "Number of patients; the other datasets scale with it.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and size write the same bytes.", DefaultValueFactory = _ => 42 };
        var parts = new Option<int>("--parts") { Description = "Files per dataset.", DefaultValueFactory = _ => 3 };
        var orphanRate = new Option<double>("--orphan-rate") { Description = "Fraction of references that resolve to nothing.", DefaultValueFactory = _ => 0.05 };

        var command = new Command("generate", "Write deterministic synthetic input in the five formats.") { output, patients, seed, parts, orphanRate };
        // Validators on the options themselves: a command-level validator sees 0 for an option left at its default.
        patients.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--patients must be at least 1.");
            }
        });
        parts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--parts must be at least 1.");
            }
        });
        orphanRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1)
            {
                result.AddError("--orphan-rate must be between 0 and 1.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new SyntheticDataOptions(result.GetRequiredValue(output).FullName, result.GetValue(patients), result.GetValue(seed))
            {
                Parts = result.GetValue(parts),
                OrphanRate = result.GetValue(orphanRate),
            };
            return await RunAsync(options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(SyntheticDataOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var generator = new SyntheticDataGenerator(options);
        var summary = await generator.GenerateAsync(null, cancellationToken);
        stopwatch.Stop();

        var table = new Table().AddColumns("dataset", "files", "records", "MiB").RightAlign(1, 2, 3);
        foreach (var dataset in summary.Datasets.Values.OrderBy(d => d.Dataset, StringComparer.Ordinal))
        {
            table.AddRow(dataset.Dataset, ConsoleTables.Count(dataset.Files.Count), ConsoleTables.Count(dataset.Records),
                (dataset.Bytes / 1048576.0).ToString("#,0.0", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var dirt = new Table().AddColumns("dirt", "count").RightAlign(1);
        foreach (var (kind, count) in summary.Dirt.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            dirt.AddRow(kind, ConsoleTables.Count(count));
        }

        AnsiConsole.Write(dirt);
        AnsiConsole.MarkupLineInterpolated($"Wrote {summary.TotalRecords:N0} records to {options.OutputFolder} in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }
}
