using System.ComponentModel.DataAnnotations;

namespace Kardiaflow.Grains.Silver;

/// <summary>Tuning of the Silver feeds (section <c>Kardiaflow:Silver</c>).</summary>
public sealed class SilverOptions
{
    public const string SectionName = "Kardiaflow:Silver";

    /// <summary>
    /// Bronze rows a feed's batch holds at most: the memory bound of a batch, which holds its conformed rows, their
    /// MERGE and the enriched rows it leads to. A Bronze version with more rows is split into slices of its data files
    /// (docs/adr/silver-version-slices.md; a slice may exceed the bound by one data file; providers' versions are not
    /// split). A larger batch costs fewer MERGE scans of a large Silver table.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxRowsPerBatch { get; set; } = 250_000;

    /// <summary>
    /// Feed batches a silo processes at once (the five feeds otherwise run side by side). Batches are CPU-bound, so
    /// more than the cores gains little and each one adds a batch's memory to the peak.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>
    /// Key buckets of every Silver table (docs/adr/silver-key-buckets.md): the ways Silver writing is split across
    /// grains and silos. A table written with another count is re-laid out once, before its next batch.
    /// </summary>
    [Range(1, 256)]
    public int Buckets { get; set; } = 16;
}
