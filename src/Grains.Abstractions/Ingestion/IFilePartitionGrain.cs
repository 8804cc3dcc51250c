namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// Reads one part of one input file (key: <c>dataset/relative path#part</c>) in bounded batches and writes its Bronze and
/// quarantine rows as data files, without committing them.
/// </summary>
public interface IFilePartitionGrain : IGrainWithStringKey
{
    Task<PartResult> IngestAsync(PartRequest request);
}
