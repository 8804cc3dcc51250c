namespace Kardiaflow.Lakehouse.Diagnostics;

/// <summary>Every log event id of the engine, in one place (block 1000; the grains use 2000-5999, see GrainEventIds).</summary>
public static class LakehouseEventIds
{
    public const int Committed = 1001;
    public const int AlreadyCommitted = 1002;
    public const int LostRace = 1003;
    public const int Conflict = 1004;
    public const int CommitReplyLost = 1005;
    public const int CheckpointWritten = 1011;
    public const int CheckpointFailed = 1012;
}
