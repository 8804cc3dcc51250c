namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>One event as kept in a partition log: its position and the producer's AMQP message bytes, unchanged.</summary>
internal sealed record StoredEvent(long SequenceNumber, long Offset, DateTime EnqueuedTimeUtc, ReadOnlyMemory<byte> Message);
