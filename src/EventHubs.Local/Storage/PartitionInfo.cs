namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>What <c>$management</c> reports for a partition; sequence numbers start at 0 and never have gaps.</summary>
internal readonly record struct PartitionInfo(long BeginSequenceNumber, long LastSequenceNumber, long LastOffset, DateTime LastEnqueuedTimeUtc, bool IsEmpty);
