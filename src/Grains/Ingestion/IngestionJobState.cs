using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>The persisted state of an <see cref="IngestionJobGrain"/>: enough to resume the job after its silo died.</summary>
[GenerateSerializer]
public sealed class IngestionJobState
{
    [Id(0)] public SubmissionRequest? Request { get; set; }

    [Id(1)] public JobPhase Phase { get; set; }

    [Id(2)] public DateTimeOffset? SubmittedAt { get; set; }

    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The submission's files, by dataset (catalog order) then relative path (ordinal): the commit order.</summary>
    [Id(4)] public List<JobFileState> Files { get; set; } = [];

    /// <summary>Per dataset, the <c>_ingest_ts</c> of its rows and the timestamp its commits record (UTC, milliseconds).</summary>
    [Id(5)] public Dictionary<string, DateTime> IngestTimestamps { get; set; } = new(StringComparer.Ordinal);

    [Id(6)] public string? Error { get; set; }

    [Id(7)] public Dictionary<string, DateTimeOffset> DatasetFinishedAt { get; set; } = new(StringComparer.Ordinal);

    [Id(8)] public DateTimeOffset? StartedAt { get; set; }
}
