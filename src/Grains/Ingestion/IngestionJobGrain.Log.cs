using Kardiaflow.Grains.Abstractions.Ingestion;
using Microsoft.Extensions.Logging;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Log messages of <see cref="IngestionJobGrain"/> (event ids 2001-2099). Paths and counts only, never values.</summary>
public sealed partial class IngestionJobGrain
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Job {JobId} submitted")]
    private static partial void LogSubmitted(ILogger logger, string jobId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {JobId} resuming in phase {Phase}")]
    private static partial void LogResuming(ILogger logger, string jobId, JobPhase phase);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Job {JobId} listed {Files} files, {Skipped} already ingested")]
    private static partial void LogListed(ILogger logger, string jobId, int files, int skipped);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Job {JobId}: file {File} failed: {Error}")]
    private static partial void LogFileFailed(ILogger logger, string jobId, string file, string error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Job {JobId}: part {Part} of {File} failed on attempt {Attempt}; retrying")]
    private static partial void LogPartRetry(ILogger logger, Exception exception, string jobId, string file, int part, int attempt);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Job {JobId} committed {Files} files to {Table} (version {Version})")]
    private static partial void LogCommittedFiles(ILogger logger, string jobId, string table, int files, long? version);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Job {JobId} completed; {Failed} files failed")]
    private static partial void LogCompleted(ILogger logger, string jobId, int failed);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Job {JobId} failed: {Error}")]
    private static partial void LogJobFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Job {JobId} stopped its work loop after an error; it resumes shortly")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Job {JobId}: this activation's state is stale; deactivating")]
    private static partial void LogStaleActivation(ILogger logger, Exception exception, string jobId);
}
