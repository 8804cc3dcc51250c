using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Tuning of Bronze ingestion (section <c>Kardiaflow:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Kardiaflow:Ingestion";

    /// <summary>File parts a job runs at once across the cluster.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentParts { get; set; } = 8;

    /// <summary>Rows buffered before a data file is written; bounds a part's memory.</summary>
    [Range(1, 10_000_000)]
    public int RowsPerDataFile { get; set; } = 100_000;

    /// <summary>Attempts of a part (or a commit) before the file (or the job) is reported failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>
    /// Files larger than this are split into parts where the format allows it. 16 MiB keeps a part to seconds of work,
    /// so the last parts of a run still fill every core.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long TargetPartBytes { get; set; } = 16L * 1024 * 1024;
}
