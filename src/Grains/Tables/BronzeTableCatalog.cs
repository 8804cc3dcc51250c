using System.Diagnostics.CodeAnalysis;
using Kardiaflow.Lakehouse.Schema;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Grains.Tables;

/// <summary>What a table grain needs to create its table: the schema and the table properties, by table path.</summary>
public static class BronzeTableCatalog
{
    private static readonly IReadOnlyDictionary<string, string> ChangeDataFeed =
        new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" };

    public static bool TryGet(string tablePath, [NotNullWhen(true)] out TableDefinition? definition)
    {
        foreach (var dataset in DatasetCatalog.All)
        {
            if (tablePath == dataset.BronzeTablePath)
            {
                definition = new TableDefinition(dataset.BronzeSchema, ChangeDataFeed);
                return true;
            }

            if (tablePath == dataset.QuarantineTablePath)
            {
                definition = new TableDefinition(DatasetDefinition.QuarantineSchema, new Dictionary<string, string>());
                return true;
            }
        }

        if (tablePath == EventQuarantine.TablePath)
        {
            definition = new TableDefinition(DatasetDefinition.QuarantineSchema, new Dictionary<string, string>());
            return true;
        }

        definition = null;
        return false;
    }
}
