using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Log messages of <see cref="IngestionJobGrain"/> (event ids 2001-2099). Paths and counts only, never values.</summary>
public sealed partial class IngestionJobGrain
{
    [LoggerMessage(EventId = GrainEventIds.IngestionJob.Submitted, Level = LogLevel.Information, Message = "Job {JobId} submitted")]
    private static partial void LogSubmitted(ILogger logger, string jobId);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.Resuming, Level = LogLevel.Information, Message = "Job {JobId} resuming in phase {Phase}")]
    private static partial void LogResuming(ILogger logger, string jobId, JobPhase phase);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.Listed, Level = LogLevel.Information, Message = "Job {JobId} listed {Files} files, {Skipped} already ingested")]
    private static partial void LogListed(ILogger logger, string jobId, int files, int skipped);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.FileFailed, Level = LogLevel.Warning, Message = "Job {JobId}: file {File} failed: {Error}")]
    private static partial void LogFileFailed(ILogger logger, string jobId, string file, string error);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.PartRetry, Level = LogLevel.Warning, Message = "Job {JobId}: part {Part} of {File} failed on attempt {Attempt}; retrying")]
    private static partial void LogPartRetry(ILogger logger, Exception exception, string jobId, string file, int part, int attempt);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.CommittedFiles, Level = LogLevel.Information, Message = "Job {JobId} committed {Files} files to {Table} (version {Version})")]
    private static partial void LogCommittedFiles(ILogger logger, string jobId, string table, int files, long? version);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.Completed, Level = LogLevel.Information, Message = "Job {JobId} completed; {Failed} files failed")]
    private static partial void LogCompleted(ILogger logger, string jobId, int failed);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.JobFailed, Level = LogLevel.Error, Message = "Job {JobId} failed: {Error}")]
    private static partial void LogJobFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.PumpFailed, Level = LogLevel.Warning, Message = "Job {JobId} stopped its work loop after an error; it resumes shortly")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = GrainEventIds.IngestionJob.StaleActivation, Level = LogLevel.Warning, Message = "Job {JobId}: this activation's state is stale; deactivating")]
    private static partial void LogStaleActivation(ILogger logger, Exception exception, string jobId);
}
