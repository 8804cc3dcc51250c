using System.CommandLine;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Lakehouse.Storage;

namespace Kardiaflow.Client.Kpis;

/// <summary><c>kardiaflow kpis [--lake DIR]</c>: the KPI tables of the Gold layer.</summary>
internal static class KpisCommand
{
    public static Command Create()
    {
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = "Lake folder.",
            DefaultValueFactory = _ => new DirectoryInfo("./lakehouse"),
        };
        var command = new Command("kpis", "Show the Gold KPIs: spend trend, denial rates, top providers, satisfaction, tags, patients.") { lake };
        command.SetAction(async (result, cancellationToken) =>
        {
            var folder = result.GetRequiredValue(lake);
            if (!folder.Exists)
            {
                await Console.Error.WriteLineAsync($"'{folder.FullName}' is not a lake folder.");
                return KardiaflowCommandLine.BadUsage;
            }

            await KpiReport.WriteAsync(ConsoleOutput.Create(), new LocalLakeStorage(folder.FullName), cancellationToken);
            return 0;
        });
        return command;
    }
}
