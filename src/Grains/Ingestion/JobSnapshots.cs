using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Builds the submitter's view of a job from its state and the rows its running parts have read so far.</summary>
internal static class JobSnapshots
{
    public static JobSnapshot Build(string jobId, IngestionJobState state, IReadOnlyDictionary<(string File, int Part), long> runningRows)
    {
        var files = state.Files.Select(f => Outcome(f, runningRows)).ToList();
        var datasets = state.Files
            .Where(f => f.Dataset.Length > 0) // a hidden file outside any dataset folder is listed in Files only
            .GroupBy(f => f.Dataset, StringComparer.Ordinal)
            .Select(g => Dataset(g.Key, g.ToList(), state, runningRows))
            .ToList();
        return new JobSnapshot(jobId, state.Phase, state.SubmittedAt, state.FinishedAt, datasets, files, state.Error);
    }

    private static FileOutcome Outcome(JobFileState file, IReadOnlyDictionary<(string File, int Part), long> runningRows)
    {
        long read = 0, bronze = 0, quarantined = 0;
        foreach (var part in file.Parts)
        {
            if (part.Result is { } result)
            {
                read += result.RowsRead;
                bronze += result.BronzeRows;
                quarantined += result.QuarantinedRows;
            }
            else if (runningRows.TryGetValue((file.RelativePath, part.Part.Index), out var rows))
            {
                read += rows;
            }
        }

        // A file that was skipped or failed added nothing to Bronze, whatever its parts had read.
        if (file.Status is FileStatus.Skipped or FileStatus.Failed)
        {
            bronze = 0;
            quarantined = 0;
        }

        return new FileOutcome(file.Dataset, file.RelativePath, file.Status, read, bronze, quarantined, file.CommitVersion, file.Error);
    }

    private static DatasetProgress Dataset(
        string dataset,
        List<JobFileState> files,
        IngestionJobState state,
        IReadOnlyDictionary<(string File, int Part), long> runningRows)
    {
        var outcomes = files.Select(f => Outcome(f, runningRows)).ToList();
        long bytesDone = 0;
        foreach (var file in files)
        {
            bytesDone += file.Status is FileStatus.Pending
                ? file.Parts.Where(p => p.Result is not null).Sum(p => p.Part.Bytes)
                : file.Length;
        }

        return new DatasetProgress(
            dataset,
            files.Count,
            files.Count(f => f.Status == FileStatus.Ingested),
            files.Count(f => f.Status == FileStatus.Skipped),
            files.Count(f => f.Status == FileStatus.Failed),
            files.Sum(f => f.Length),
            bytesDone,
            outcomes.Where(o => o.Status != FileStatus.Skipped).Sum(o => o.RowsRead),
            outcomes.Where(o => o.Status == FileStatus.Ingested).Sum(o => o.BronzeRows),
            outcomes.Where(o => o.Status == FileStatus.Ingested).Sum(o => o.QuarantinedRows),
            state.StartedAt,
            state.DatasetFinishedAt.TryGetValue(dataset, out var finished) ? finished : null);
    }
}
