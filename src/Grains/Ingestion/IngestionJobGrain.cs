using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Diagnostics;
using Kardiaflow.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// One submission: lists its files, skips those already ingested, fans out one <see cref="IFilePartitionGrain"/> per
/// file part, commits each dataset's files in path order through the tables' <c>DeltaTableGrain</c>, and tracks progress.
/// </summary>
/// <remarks>
/// Concurrency: the work runs in one background loop (the "pump") started from a grain timer, so it interleaves with the
/// short requests (<see cref="GetStatusAsync"/>, <see cref="ReportProgressAsync"/>) on the grain's single-threaded
/// scheduler: state is only ever touched by one turn at a time, and only the pump writes it after the job is accepted.
/// The state is written after every finished part and every commit; an activation that starts on another silo after a
/// crash reads it and resumes the pump (parts without a result run again: their earlier data files, never committed,
/// are orphans that no snapshot references).
/// </remarks>
public sealed partial class IngestionJobGrain(
    [PersistentState("ingestion-job", GrainStorageNames.Default)] IPersistentState<IngestionJobState> job,
    IOptions<IngestionOptions> options,
    ISubmissionFolders folders,
    ILogger<IngestionJobGrain> logger) : Grain, IIngestionJobGrain
{
    private static readonly TimeSpan PumpCheckPeriod = TimeSpan.FromSeconds(2);

    // Rows read so far by running parts, for progress only: lost with the activation, rebuilt as parts report.
    private readonly Dictionary<(string File, int Part), long> _runningRows = [];
    private Task? _pump;
    private IGrainTimer? _timer;

    private string JobId => this.GetPrimaryKeyString();

    private IngestionJobState State => job.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Request is not null && !IsTerminal)
        {
            LogResuming(logger, JobId, State.Phase);
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<JobSnapshot> SubmitAsync(SubmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (State.Request is { } existing)
        {
            if (!SameRequest(existing, request))
            {
                throw new ArgumentException($"Job '{JobId}' was already submitted with another request.", nameof(request));
            }

            return Snapshot();
        }

        State.Request = request;
        State.Phase = JobPhase.Listing;
        State.SubmittedAt = DateTimeOffset.UtcNow;
        await job.WriteStateAsync();
        await GrainFactory.GetGrain<IJobRegistryGrain>(0).RegisterAsync(JobId);
        LogSubmitted(logger, JobId);
        StartTimer();
        return Snapshot();
    }

    public Task<JobSnapshot> GetStatusAsync() => Task.FromResult(Snapshot());

    public Task ReportProgressAsync(PartProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var key = (progress.RelativePath, progress.PartIndex);
        if (!_runningRows.TryGetValue(key, out var rows) || rows < progress.RowsRead)
        {
            _runningRows[key] = progress.RowsRead;
        }

        return Task.CompletedTask;
    }

    private bool IsTerminal => State.Phase is JobPhase.Completed or JobPhase.Failed;

    private JobSnapshot Snapshot() => JobSnapshots.Build(JobId, State, _runningRows);

    private void StartTimer()
    {
        // KeepAlive: a running job stays activated even when nobody polls it (`submit` without `--wait`).
        _timer ??= this.RegisterGrainTimer(
            EnsurePumpRunning,
            new GrainTimerCreationOptions(TimeSpan.Zero, PumpCheckPeriod) { KeepAlive = true, Interleave = true });
    }

    private Task EnsurePumpRunning(CancellationToken cancellationToken)
    {
        if (IsTerminal)
        {
            _timer?.Dispose();
            _timer = null;
        }
        else if (_pump is null || _pump.IsCompleted)
        {
            _pump = PumpAsync();
        }

        return Task.CompletedTask;
    }

    private async Task PumpAsync()
    {
        try
        {
            if (State.Phase == JobPhase.Listing)
            {
                await ListAsync();
            }

            if (State.Phase == JobPhase.Running)
            {
                await IngestAsync();
            }
        }
        catch (InconsistentStateException e)
        {
            // Another activation of this job wrote its state: this one is stale and must stop.
            LogStaleActivation(logger, e, JobId);
            DeactivateOnIdle();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Transient (a table grain's silo died during a commit): the timer starts the pump again.
            LogPumpFailed(logger, e, JobId);
        }
    }

    private async Task ListAsync()
    {
        var request = State.Request!;
        IReadOnlyList<ListedFile> listed;
        try
        {
            var root = await folders.LocalFolderAsync(request.Root, request.Paths.Count > 0 ? request.Paths : null, CancellationToken.None);
            listed = await SubmissionLister.ListAsync(request with { Root = root }, options.Value, CancellationToken.None);
        }
        catch (SubmissionException e)
        {
            State.Phase = JobPhase.Failed;
            State.Error = e.Message;
            State.FinishedAt = DateTimeOffset.UtcNow;
            await job.WriteStateAsync();
            LogJobFailed(logger, JobId, e.Message);
            return;
        }

        State.Files = listed.Select(ToFileState).ToList();
        await MarkAlreadyIngestedAsync();

        // One base timestamp per dataset of this submission, decided before any data file is written; each file's rows and
        // its own commit carry base + the file's position in the dataset's path order (ms), so commits of one table have
        // strictly increasing times (SCD2 closes a version at the next commit's time). Millisecond precision, the
        // precision of a Delta commit time.
        var now = DateTime.UtcNow;
        var timestamp = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        foreach (var dataset in State.Files.Select(f => f.Dataset).Distinct(StringComparer.Ordinal))
        {
            State.IngestTimestamps[dataset] = timestamp;
        }

        State.StartedAt = DateTimeOffset.UtcNow;
        State.Phase = JobPhase.Running;
        await job.WriteStateAsync();
        LogListed(logger, JobId, State.Files.Count, State.Files.Count(f => f.Status == FileStatus.Skipped));
    }

    private static JobFileState ToFileState(ListedFile file) => new()
    {
        Dataset = file.Dataset,
        RelativePath = file.RelativePath,
        Length = file.Length,
        ContentHash = file.ContentHash,
        AppId = file.Error is null ? FileAppIds.For(file.RelativePath, file.ContentHash) : "",
        Status = file.Error is null ? FileStatus.Pending : FileStatus.Failed,
        Error = file.Error,
        Parts = file.Parts.Select(p => new JobPartState { Part = p }).ToList(),
    };

    private async Task IngestAsync()
    {
        var running = new Dictionary<Task<PartResult>, (JobFileState File, JobPartState Part)>();
        var queue = new Queue<(JobFileState File, JobPartState Part)>(
            State.Files.Where(f => f.Status == FileStatus.Pending)
                .SelectMany(f => f.Parts.Where(p => p.Result is null).Select(p => (f, p))));

        await CommitReadyAsync();
        while (queue.Count > 0 || running.Count > 0)
        {
            while (running.Count < options.Value.MaxConcurrentParts && queue.TryDequeue(out var next))
            {
                if (next.File.Status == FileStatus.Pending)
                {
                    running.Add(RunPartAsync(next.File, next.Part), next);
                }
            }

            if (running.Count == 0)
            {
                continue;
            }

            var finished = await Task.WhenAny(running.Keys);
            var (file, part) = running[finished];
            running.Remove(finished);
            _runningRows.Remove((file.RelativePath, part.Part.Index));
            if (await RecordPartAsync(file, part, finished))
            {
                queue.Enqueue((file, part));
            }

            await job.WriteStateAsync();
            await CommitReadyAsync();
        }

        await CommitReadyAsync();
        if (State.Files.All(f => f.Status is FileStatus.Ingested or FileStatus.Skipped or FileStatus.Failed))
        {
            State.Phase = JobPhase.Completed;
            State.FinishedAt = DateTimeOffset.UtcNow;
            await job.WriteStateAsync();
            LogCompleted(logger, JobId, State.Files.Count(f => f.Status == FileStatus.Failed));
        }
    }

    private Task<PartResult> RunPartAsync(JobFileState file, JobPartState part)
    {
        part.Attempts++;
        var request = new PartRequest(JobId, State.Request!.Root, file.Dataset, file.RelativePath, part.Part, IngestTimestampOf(file));
        return GrainFactory.GetGrain<IFilePartitionGrain>(FilePartitionKeys.For(file.Dataset, file.RelativePath, part.Part.Index))
            .IngestAsync(request);
    }

    /// <summary>Records a finished part; true when it must run again.</summary>
    private async Task<bool> RecordPartAsync(JobFileState file, JobPartState part, Task<PartResult> finished)
    {
        try
        {
            var result = await finished;
            if (file.Status != FileStatus.Pending)
            {
                return false;
            }

            if (result.FileError is not null)
            {
                file.Status = FileStatus.Failed;
                file.Error = result.FileError;
                LogFileFailed(logger, JobId, file.RelativePath, result.FileError);
                return false;
            }

            part.Result = result;
            if (file.Parts.All(p => p.Result is not null))
            {
                file.Status = FileStatus.Written;
            }

            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (part.Attempts >= options.Value.MaxAttempts)
            {
                file.Status = FileStatus.Failed;
                file.Error = $"{file.RelativePath}: could not be ingested after {part.Attempts} attempts ({e.GetType().Name}: {e.Message})";
                LogFileFailed(logger, JobId, file.RelativePath, file.Error);
                return false;
            }

            LogPartRetry(logger, e, JobId, file.RelativePath, part.Part.Index, part.Attempts);
            await Task.Delay(TimeSpan.FromMilliseconds(200 * part.Attempts));
            return true;
        }
    }

    private static bool SameRequest(SubmissionRequest a, SubmissionRequest b) =>
        a.Root == b.Root && a.Dataset == b.Dataset && a.Paths.SequenceEqual(b.Paths);
}
