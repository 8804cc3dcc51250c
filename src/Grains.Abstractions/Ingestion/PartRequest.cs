namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// Read one part of one file and write its Bronze (and quarantine) data files. <paramref name="IngestTimestamp"/> is the
/// <c>_ingest_ts</c> every row gets (the time the dataset's commit will record); <paramref name="JobId"/> is the
/// <c>_batch_id</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PartRequest(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Root,
    [property: Id(2)] string Dataset,
    [property: Id(3)] string RelativePath,
    [property: Id(4)] FilePart Part,
    [property: Id(5)] DateTime IngestTimestamp);
