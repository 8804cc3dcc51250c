namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// Reads one part of one input file (key: <c>dataset/relative path#part</c>) in bounded batches and writes its Bronze and
/// quarantine rows as data files, without committing them.
/// </summary>
public interface IFilePartitionGrain : IGrainWithStringKey
{
    /// <remarks>
    /// A part takes as long as its bytes take (tens of seconds for a 40 MB file on a busy two-core machine), far past
    /// the default 30 s response timeout, after which the caller would retry an attempt that is still running. A silo
    /// that dies breaks the call at once, so the long timeout does not delay failover.
    /// </remarks>
    [ResponseTimeout("01:00:00")]
    Task<PartResult> IngestAsync(PartRequest request);
}
