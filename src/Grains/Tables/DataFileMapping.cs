using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Lakehouse.Log;

namespace Kardiaflow.Grains.Tables;

/// <summary>Between the engine's <see cref="AddFileAction"/> and the serializable <see cref="DataFileInfo"/>.</summary>
public static class DataFileMapping
{
    public static DataFileInfo ToInfo(this AddFileAction add) =>
        add.DeletionVector is null
            ? new DataFileInfo(add.Path, add.Size, add.ModificationTime, add.Stats, new Dictionary<string, string?>(add.PartitionValues))
            : throw new InvalidOperationException("A freshly written data file cannot carry a deletion vector.");

    public static AddFileAction ToAddAction(this DataFileInfo file) =>
        new(file.Path, file.PartitionValues, file.Size, file.ModificationTime, DataChange: true, file.Stats);
}
