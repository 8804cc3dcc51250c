namespace Kardiaflow.Pipeline.Silver;

/// <summary>
/// How a Bronze version larger than a Silver batch is cut (docs/adr/silver-version-slices.md): contiguous runs of its
/// data files in arrival order, each run as many whole files as fit in the row bound (a file larger than the bound is
/// a slice alone), so a slice holds at most the bound or one data file.
/// </summary>
public static class VersionSlicePlan
{
    /// <summary>
    /// The end (exclusive index into <paramref name="files"/>) of each slice; one slice when everything fits.
    /// </summary>
    public static IReadOnlyList<int> Cut(IReadOnlyList<BronzeDataFile> files, long maxRows)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var ends = new List<int>();
        long rows = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (rows > 0 && rows + files[i].Rows > maxRows)
            {
                ends.Add(i);
                rows = 0;
            }

            rows += files[i].Rows;
        }

        if (files.Count > 0)
        {
            ends.Add(files.Count);
        }

        // Never more slices than a batch key can number: the bound is raised rather than the key space exceeded.
        return ends.Count <= SilverBatchKey.MaxSlices ? ends : Cut(files, maxRows * 2);
    }
}
