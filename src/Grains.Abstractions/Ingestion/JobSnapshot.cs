namespace Kardiaflow.Grains.Abstractions.Ingestion;

/// <summary>A point-in-time view of an ingestion job.</summary>
[GenerateSerializer, Immutable]
public sealed record JobSnapshot(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobPhase Phase,
    [property: Id(2)] DateTimeOffset? SubmittedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] IReadOnlyList<DatasetProgress> Datasets,
    [property: Id(5)] IReadOnlyList<FileOutcome> Files,
    [property: Id(6)] string? Error)
{
    /// <summary>True once the job will not change any more.</summary>
    public bool IsTerminal => Phase is JobPhase.Completed or JobPhase.Failed;

    /// <summary>True when the job finished and no file failed.</summary>
    public bool Succeeded => Phase == JobPhase.Completed && Files.All(f => f.Status != FileStatus.Failed);
}
