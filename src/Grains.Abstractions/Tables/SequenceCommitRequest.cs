namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// A streamed micro-batch's rows for one table, committed with <c>txn(<paramref name="AppId"/>, <paramref name="Version"/>)</c>
/// where the application id names the source (hub and partition) and the version is the last sequence number the
/// micro-batch consumed. The commit happens only when the table's current <c>txn</c> version for that application id is
/// still <paramref name="ExpectedVersion"/> (-1: none yet), so two writers of one partition can never both commit.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SequenceCommitRequest(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DateTime CommitTimestamp,
    [property: Id(2)] string AppId,
    [property: Id(3)] long ExpectedVersion,
    [property: Id(4)] long Version,
    [property: Id(5)] IReadOnlyList<DataFileInfo> DataFiles,
    [property: Id(6)] long Rows);
