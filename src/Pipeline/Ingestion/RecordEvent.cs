namespace Kardiaflow.Pipeline.Ingestion;

/// <summary>
/// One input record as a streamed event (docs/data-contract.md, Streamed arrivals): its dataset, its primary key (the partition key that keeps one
/// key's events in order; null for a record the reader could not make a row of) and its JSON body in UTF-8. A record the
/// reader quarantined keeps its raw text as the body, so it is quarantined again on arrival.
/// </summary>
public sealed record RecordEvent(string Dataset, string? Key, byte[] Body, string SourceFile, long SourceRow);
