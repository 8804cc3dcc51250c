using Kardiaflow.Grains.Abstractions.Ingestion;
using Kardiaflow.Grains.Abstractions.Tables;
using Kardiaflow.Pipeline.Datasets;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Path-ordered, idempotent commits of a job's written files.</summary>
public sealed partial class IngestionJobGrain
{
    /// <summary>Asks each Bronze table which of the listed files it already holds, and marks those skipped.</summary>
    private async Task MarkAlreadyIngestedAsync()
    {
        // Datasets are independent tables: ask them all at once rather than one round trip after another. The state is
        // only touched here, after every answer is in, on this grain's scheduler.
        var groups = State.Files.Where(f => f.Status == FileStatus.Pending).GroupBy(f => f.Dataset, StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(groups.Select(group => CommittedAppIdsAsync(group.Key, group.Select(f => f.AppId).ToList())));
        for (var i = 0; i < groups.Count; i++)
        {
            foreach (var file in groups[i].Where(f => answers[i].ContainsKey(f.AppId)))
            {
                file.Status = FileStatus.Skipped;
                file.Error = "already ingested (same relative path, same content)";
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> CommittedAppIdsAsync(string datasetName, IReadOnlyList<string> appIds)
    {
        var dataset = DatasetCatalog.Get(datasetName);
        var bronze = GrainFactory.GetGrain<IDeltaTableGrain>(dataset.BronzeTablePath);
        await Task.WhenAll(GrainFactory.GetGrain<IDeltaTableGrain>(dataset.QuarantineTablePath).EnsureCreatedAsync(), bronze.EnsureCreatedAsync());
        return await bronze.GetCommittedAppIdsAsync(appIds);
    }

    /// <summary>
    /// Commits, per dataset, the written files that have no unfinished file before them in path order, one commit per
    /// file: each file's rows carry their own commit's time. Files that failed or were skipped do not hold back the
    /// files after them.
    /// </summary>
    private async Task CommitReadyAsync()
    {
        foreach (var group in State.Files.GroupBy(f => f.Dataset, StringComparer.Ordinal))
        {
            var ready = new List<JobFileState>();
            foreach (var file in group)
            {
                if (file.Status == FileStatus.Pending)
                {
                    break;
                }

                if (file.Status == FileStatus.Written)
                {
                    ready.Add(file);
                }
            }

            foreach (var file in ready)
            {
                await CommitAsync(group.Key, [file]);
            }

            if (group.All(f => f.Status is FileStatus.Ingested or FileStatus.Skipped or FileStatus.Failed)
                && !State.DatasetFinishedAt.ContainsKey(group.Key))
            {
                State.DatasetFinishedAt[group.Key] = DateTimeOffset.UtcNow;
                await job.WriteStateAsync();
            }
        }
    }

    private async Task CommitAsync(string datasetName, IReadOnlyList<JobFileState> files)
    {
        var dataset = DatasetCatalog.Get(datasetName);
        var timestamp = IngestTimestampOf(files[0]);
        if (files.Any(f => IngestTimestampOf(f) != timestamp))
        {
            throw new InvalidOperationException("Files whose rows carry different _ingest_ts values cannot share a commit.");
        }

        var txnVersion = FileAppIds.TxnVersion(timestamp);

        // Quarantine first, Bronze last: the Bronze txn is what marks a file ingested, so a crash between the two commits
        // retries the file, and the quarantine table's own txn keeps its rows from being added twice.
        var quarantined = files
            .Where(f => f.Parts.Any(p => p.Result!.QuarantineFiles.Count > 0))
            .Select(f => new FileCommit(
                f.AppId,
                txnVersion,
                f.RelativePath,
                f.Parts.SelectMany(p => p.Result!.QuarantineFiles).ToList(),
                f.Parts.Sum(p => p.Result!.QuarantinedRows)))
            .ToList();
        if (quarantined.Count > 0)
        {
            await GrainFactory.GetGrain<IDeltaTableGrain>(dataset.QuarantineTablePath)
                .CommitAsync(new CommitRequest(JobId, timestamp, quarantined));
        }

        var bronze = files
            .Select(f => new FileCommit(
                f.AppId,
                txnVersion,
                f.RelativePath,
                f.Parts.SelectMany(p => p.Result!.BronzeFiles).ToList(),
                f.Parts.Sum(p => p.Result!.BronzeRows),
                f.Parts.Sum(p => p.Result!.RowsRead)))
            .ToList();
        var receipt = await GrainFactory.GetGrain<IDeltaTableGrain>(dataset.BronzeTablePath)
            .CommitAsync(new CommitRequest(JobId, timestamp, bronze));

        foreach (var file in files)
        {
            if (receipt.CommittedAppIds.Contains(file.AppId))
            {
                file.Status = FileStatus.Ingested;
                file.CommitVersion = receipt.Version;
            }
            else if (receipt.AlreadyCommitted.TryGetValue(file.AppId, out var version) && version == txnVersion)
            {
                // This job committed it before its activation was lost, and is only now learning so.
                file.Status = FileStatus.Ingested;
            }
            else
            {
                file.Status = FileStatus.Skipped;
                file.Error = "already ingested by another submission (same relative path, same content)";
            }
        }

        await job.WriteStateAsync();
        LogCommittedFiles(logger, JobId, dataset.BronzeTablePath, files.Count, receipt.Version);
    }

    /// <summary>
    /// The _ingest_ts of a file's rows and the time of the commit that writes them: the dataset's base time plus the
    /// file's position among the dataset's files of this submission, in milliseconds.
    /// </summary>
    private DateTime IngestTimestampOf(JobFileState file)
    {
        var position = State.Files.Where(f => f.Dataset == file.Dataset).TakeWhile(f => !ReferenceEquals(f, file)).Count();
        return State.IngestTimestamps[file.Dataset].AddMilliseconds(position);
    }
}
