using System.CommandLine;
using Kardiaflow.Client.Hosting;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Checks;

namespace Kardiaflow.Client.Checks;

/// <summary><c>kardiaflow checks [--lake DIR]</c>: the latest data-quality results per layer; exit 1 when any failed.</summary>
internal static class ChecksCommand
{
    public static Command Create()
    {
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = LakeLocation.OptionDescription,
            DefaultValueFactory = _ => new DirectoryInfo("./lakehouse"),
        };
        var command = new Command("checks", "Show the latest data-quality check results per layer (exit 1 when any is FAIL or ERROR).") { lake };
        command.SetAction(async (result, cancellationToken) =>
        {
            var storage = await LakeLocation.OpenAsync(result.GetRequiredValue(lake));
            if (storage is null)
            {
                return KardiaflowCommandLine.BadUsage;
            }

            var results = await SmokeResults.LatestAsync(storage, cancellationToken);
            CheckReport.Write(ConsoleOutput.Create(), results);
            return results.Any(r => r.Result.Failed) ? 1 : 0;
        });
        return command;
    }
}
