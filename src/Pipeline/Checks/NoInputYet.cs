using Kardiaflow.Lakehouse;
using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;
using Kardiaflow.Pipeline.Silver;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>
/// docs/data-contract.md (Checks): a dataset that no submission has fed yet passes at 0 with "no input yet", and so do
/// the Silver and Gold checks of a table that only it feeds, so a first submission of some datasets can pass. A missing
/// table whose dataset has had input is still an ERROR.
/// </summary>
internal static class NoInputYet
{
    /// <summary>The dataset whose input a Silver table is made of (an enriched table: its base table's dataset).</summary>
    public static DatasetDefinition SourceOf(string silverTable)
    {
        var table = SilverTables.Get(silverTable);
        var name = table.BaseTable ?? table.Name;
        return DatasetCatalog.All.Single(d => d.Silver.Table == name);
    }

    /// <summary>Runs <paramref name="check"/>; if its table does not exist and <paramref name="source"/> has had no input, one PASS row instead.</summary>
    public static DataCheck Guard(ILakeStorage storage, DataCheck check, string metric, DatasetDefinition source) =>
        check with
        {
            Run = async ct =>
            {
                try
                {
                    return await check.Run(ct).ConfigureAwait(false);
                }
                catch (TableNotFoundException)
                {
                    if (!await BronzeChecks.HasNoInputYetAsync(storage, source, ct).ConfigureAwait(false))
                    {
                        throw;
                    }
                }

                return [CheckResult.Of(check.Layer, check.TableName, metric, 0, true, BronzeChecks.NoInputYet)];
            },
        };
}
