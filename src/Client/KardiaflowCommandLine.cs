using System.CommandLine;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Client;

/// <summary>The <c>kardiaflow</c> command tree. Each command lives in its own folder and contributes one <see cref="Command"/>.</summary>
internal static class KardiaflowCommandLine
{
    /// <summary>Exit code for bad usage (unknown command, missing or invalid option), as docs/architecture.md (Design rules: Console contract) says.</summary>
    public const int BadUsage = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Kardiaflow: a medallion lakehouse of Delta tables on Orleans.\n\nDatasets (one subfolder each in a submission):\n" +
            string.Join("\n", DatasetCatalog.All.Select(d => $"  {d.Name,-12}{d.Description}")));
        // Commands register here, one line each.
        root.Subcommands.Add(Ingestion.RunCommand.Create());
        root.Subcommands.Add(Ingestion.SubmitCommand.Create());
        root.Subcommands.Add(Ingestion.StatusCommand.Create());
        root.Subcommands.Add(Streaming.StreamCommand.Create());
        root.Subcommands.Add(Generate.GenerateCommand.Create());
        root.Subcommands.Add(Lake.LakeCommand.Create());
        root.Subcommands.Add(Silver.RebuildCommand.Create());
        root.Subcommands.Add(Kpis.KpisCommand.Create());
        root.Subcommands.Add(Checks.ChecksCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // `kardiaflow` alone and `kardiaflow help [COMMAND...]` print usage, as `--help` does.
        if (args.Length == 0 || args[0] == "help")
        {
            args = [.. args.Skip(1), "--help"];
        }

        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            return BadUsage;
        }

        return await parseResult.InvokeAsync();
    }
}
