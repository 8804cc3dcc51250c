using Kardiaflow.Grains.Abstractions.Ingestion;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>One file of a job: its identity, its parts and its outcome.</summary>
[GenerateSerializer]
public sealed class JobFileState
{
    [Id(0)] public string Dataset { get; set; } = "";

    [Id(1)] public string RelativePath { get; set; } = "";

    [Id(2)] public long Length { get; set; }

    /// <summary>SHA-256 of the content (hex).</summary>
    [Id(3)] public string ContentHash { get; set; } = "";

    /// <summary>The Delta <c>txn</c> application id of this file in its Bronze and quarantine tables.</summary>
    [Id(4)] public string AppId { get; set; } = "";

    [Id(5)] public FileStatus Status { get; set; }

    [Id(6)] public string? Error { get; set; }

    [Id(7)] public long? CommitVersion { get; set; }

    [Id(8)] public List<JobPartState> Parts { get; set; } = [];
}
