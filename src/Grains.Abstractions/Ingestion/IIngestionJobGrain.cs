using Orleans.Concurrency;

namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>
/// One submission (key: the job id, which is also every row's <c>_batch_id</c>). Lists the files, skips those already
/// ingested, fans out one <see cref="IFilePartitionGrain"/> per file part, commits each dataset's files in path order,
/// and reports progress. Its state is persisted, so a job whose silo dies resumes on its next activation.
/// </summary>
public interface IIngestionJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job. Submitting the same request again returns the job as it is; another request under the
    /// same id is refused.</summary>
    Task<JobSnapshot> SubmitAsync(SubmissionRequest request);

    /// <summary>The job as it is now; also resumes a job whose activation was lost.</summary>
    [AlwaysInterleave]
    Task<JobSnapshot> GetStatusAsync();

    /// <summary>Rows read so far by a running part (for progress bars only; the part's result is what counts).</summary>
    [OneWay, AlwaysInterleave]
    Task ReportProgressAsync(PartProgress progress);
}
