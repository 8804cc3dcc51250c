using Kardiaflow.Lakehouse.Storage;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Pipeline.Checks;

/// <summary>All the checks of docs/data-contract.md (Checks), Bronze then Silver then Gold.</summary>
public static class SmokeChecks
{
    public static IReadOnlyList<DataCheck> All(ILakeStorage storage) =>
    [
        .. DatasetCatalog.All.Select(d => BronzeChecks.For(storage, d)),
        EventChecks.For(storage),
        .. SilverChecks.All(storage),
        .. GoldChecks.All(storage),
    ];

    /// <summary>All the checks, with the freshness checks of the run that settled with <paramref name="progress"/>.</summary>
    public static IReadOnlyList<DataCheck> All(ILakeStorage storage, PipelineProgress progress) =>
    [
        .. All(storage),
        .. FreshnessChecks.All(storage, progress),
    ];
}
