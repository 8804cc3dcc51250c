using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Grains.Ingestion;

/// <summary>Tuning of Bronze ingestion (section <c>Kardiaflow:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Kardiaflow:Ingestion";

    /// <summary>
    /// File parts a job runs at once across the cluster. Parts are CPU-bound, so twice the cores of one machine keeps
    /// them busy; each running part holds up to <see cref="RowsPerDataFile"/> rows (and a Parquet input its row group),
    /// so this is also the memory knob: 8 × 100k rows peaked at 1.9 GiB at 600k patients, 4 × 50k at 1.1 GiB.
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrentParts { get; set; } = 4;

    /// <summary>Rows buffered before a data file is written; bounds a part's memory.</summary>
    [Range(1, 10_000_000)]
    public int RowsPerDataFile { get; set; } = 50_000;

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
