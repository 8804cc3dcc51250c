using Microsoft.Extensions.Logging;

namespace Kardiaflow.Lakehouse.Diagnostics;

/// <summary>The engine's log messages: paths, versions, operation names and counts only.</summary>
internal static partial class LakehouseLog
{
    [LoggerMessage(EventId = LakehouseEventIds.Committed, Level = LogLevel.Debug, Message = "{Operation} committed {Table} version {Version} (read {ReadVersion})")]
    public static partial void Committed(ILogger logger, string operation, string table, long version, long readVersion);

    [LoggerMessage(EventId = LakehouseEventIds.AlreadyCommitted, Level = LogLevel.Debug, Message = "{Operation} on {Table}: its transactions were already committed at version {Version}")]
    public static partial void AlreadyCommitted(ILogger logger, string operation, string table, long version);

    [LoggerMessage(EventId = LakehouseEventIds.LostRace, Level = LogLevel.Debug, Message = "{Operation} on {Table} lost version {Version} to {WinningOperation}; replaying on top of it")]
    public static partial void LostRace(ILogger logger, string operation, string table, long version, string? winningOperation);

    [LoggerMessage(EventId = LakehouseEventIds.Conflict, Level = LogLevel.Information, Message = "{Operation} on {Table} conflicts with version {WinningVersion} ({Kind}); nothing committed")]
    public static partial void Conflict(ILogger logger, string operation, string table, long winningVersion, DeltaConflictKind kind);

    [LoggerMessage(EventId = LakehouseEventIds.CommitReplyLost, Level = LogLevel.Warning, Message = "{Operation} on {Table}: the put of version {Version} failed, yet the version is there; ours: {Ours}")]
    public static partial void CommitReplyLost(ILogger logger, Exception exception, string operation, string table, long version, bool ours);

    [LoggerMessage(EventId = LakehouseEventIds.CheckpointWritten, Level = LogLevel.Debug, Message = "Checkpoint of {Table} written at version {Version}")]
    public static partial void CheckpointWritten(ILogger logger, string table, long version);

    [LoggerMessage(EventId = LakehouseEventIds.CheckpointFailed, Level = LogLevel.Warning, Message = "Checkpoint of {Table} at version {Version} failed; the next interval writes one")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string table, long version);
}
