namespace Kardiaflow.Grains.Abstractions.Tables;

/// <summary>
/// What a <see cref="SequenceCommitRequest"/> did: the table version that holds the rows (null when nothing was
/// committed) and the application id's <c>txn</c> version now in the table (-1: none). When the commit did not happen
/// because the table's version was not the expected one, <paramref name="Committed"/> is false and the caller re-reads.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SequenceCommitReceipt(
    [property: Id(0)] bool Committed,
    [property: Id(1)] long? TableVersion,
    [property: Id(2)] long TxnVersion);
