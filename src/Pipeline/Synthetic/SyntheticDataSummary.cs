namespace Kardiaflow.Pipeline.Synthetic;

/// <summary>What a generation wrote: per dataset, its files and records, and how much of each kind of dirt.</summary>
public sealed record SyntheticDataSummary(
    IReadOnlyDictionary<string, SyntheticDatasetSummary> Datasets,
    IReadOnlyDictionary<string, long> Dirt)
{
    public long TotalRecords => Datasets.Values.Sum(d => d.Records);
}
