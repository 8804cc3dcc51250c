using System.CommandLine;
using Kardiaflow.Client.Ingestion;
using Kardiaflow.Client.Hosting;

namespace Kardiaflow.Client.Kpis;

/// <summary><c>kardiaflow kpis [--lake DIR]</c>: the KPI tables of the Gold layer.</summary>
internal static class KpisCommand
{
    public static Command Create()
    {
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = LakeLocation.OptionDescription,
            DefaultValueFactory = _ => new DirectoryInfo("./lakehouse"),
        };
        var command = new Command("kpis", "Show the Gold KPIs: spend trend, denial rates, top providers, satisfaction, tags, patients.") { lake };
        command.SetAction(async (result, cancellationToken) =>
        {
            var storage = await LakeLocation.OpenAsync(result.GetRequiredValue(lake));
            if (storage is null)
            {
                return KardiaflowCommandLine.BadUsage;
            }

            await KpiReport.WriteAsync(ConsoleOutput.Create(), storage, cancellationToken);
            return 0;
        });
        return command;
    }
}
